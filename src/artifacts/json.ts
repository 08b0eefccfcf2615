/**
 * Deterministic JSON for committed files: no source positions, a trailing
 * newline, and a layout made for review: a value whose one-line form fits in
 * 100 columns stays on one line (a column, an index), bigger ones open up
 * with 2-space indentation. Keys keep the order the model gives them.
 */
export function stableJson(value: unknown): string {
  return `${print(value, '')}\n`;
}

const WIDTH = 100;

function print(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const budget = WIDTH - indent.length;
  if (oneLineLength(value, budget) <= budget) return JSON.stringify(value, skipPositions);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${inner}${print(v, inner)}`).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([k, v]) => k !== 'pos' && v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${print(v, inner)}`).join(',\n')}\n${indent}}`;
}

function skipPositions(key: string, v: unknown): unknown {
  return key === 'pos' ? undefined : v;
}

/**
 * The length of a value's one-line JSON, or anything above `budget` as soon
 * as it is known to exceed it: deciding the layout costs no more than the
 * line width per value, so formatting stays linear.
 */
function oneLineLength(value: unknown, budget: number): number {
  if (typeof value === 'string') return value.length + 2 + (/["\\\u0000-\u001f]/.test(value) ? JSON.stringify(value).length - value.length - 2 : 0);
  if (value === null || typeof value !== 'object') return (JSON.stringify(value) ?? 'null').length;
  let length = 2;
  if (Array.isArray(value)) {
    for (const v of value) {
      length += oneLineLength(v, budget - length) + 1;
      if (length > budget) return length;
    }
    return length;
  }
  for (const [k, v] of Object.entries(value)) {
    if (k === 'pos' || v === undefined) continue;
    length += k.length + 3 + oneLineLength(v, budget - length - k.length - 3) + 1;
    if (length > budget) return length;
  }
  return length;
}
