/** Deterministic JSON for committed files: 2-space indent, trailing newline, no source positions. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(value, (key, v) => (key === 'pos' ? undefined : v), 2)}\n`;
}
