/**
 * What "the same definition" means for a round trip (import, then compile):
 * the platform reads two JSON documents alike when they differ only in
 * what this removes. Each rule is one the platform applies either way, and
 * each is listed in docs/import.md:
 *
 * 1. key order is ignored (the canonical text sorts keys);
 * 2. null is absent (`"timeout": null`, `"rule": null`, `"view": null`…);
 * 3. an empty list is absent where the platform's default is empty
 *    (functions, features, extensions, sharedTransitions, onEntries, onExits,
 *    onExecutionTasks, a state's transitions);
 * 4. a state's transition's `from` is that state;
 * 5. triggerKind 0 is absent (the platform's default: "not applicable");
 * 6. a script's `type` L and `encoding` B64 are absent (the platform's defaults);
 * 7. `_comment` is absent (a comment, never read by the platform);
 * 8. a state's `subType: 0` is absent (None, the platform's default);
 * 9. an error boundary's empty `onError` list is absent, and so is an empty
 *    `transition` (the platform's schema asks an abort for one of length 0).
 */
export function normalizeComponent(doc: unknown): unknown {
  return strip(doc, []);
}

const EMPTY_IS_ABSENT = new Set(['functions', 'features', 'extensions', 'sharedTransitions', 'onEntries', 'onExits', 'onExecutionTasks', 'onError']);

function strip(value: unknown, path: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((v, i) => strip(v, [...path, String(i)]));
  if (typeof value !== 'object' || value === null) return value;
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const isState = path.length >= 2 && path.at(-2) === 'states';
  for (const [k, v] of Object.entries(obj)) {
    if (v === null || k === '_comment') continue;
    if (Array.isArray(v) && v.length === 0 && (EMPTY_IS_ABSENT.has(k) || (k === 'transitions' && isState))) continue;
    if (k === 'triggerKind' && v === 0) continue;
    if (k === 'subType' && v === 0 && isState) continue;
    if (k === 'transition' && v === '') continue;
    if (k === 'type' && v === 'L' && 'code' in obj) continue;
    if (k === 'encoding' && v === 'B64' && 'code' in obj) continue;
    out[k] = strip(v, [...path, k]);
  }
  // A state's transitions: `from` is the state they belong to.
  if (isState && Array.isArray(out.transitions))
    out.transitions = (out.transitions as Record<string, unknown>[]).map((t) => {
      if (typeof t !== 'object' || t === null || t.from !== obj.key) return t;
      const { from: _from, ...rest } = t;
      return rest;
    });
  return out;
}

/** A canonical text: keys sorted at every level, so two documents compare by content alone. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** The JSON paths where two normalized documents differ (at most `limit`), for a report. */
export function differences(a: unknown, b: unknown, path = '', limit = 10, out: string[] = []): string[] {
  if (out.length >= limit) return out;
  if (canonicalJson(a) === canonicalJson(b)) return out;
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((v, i) => differences(v, b[i], `${path}[${i}]`, limit, out));
    return out;
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && !Array.isArray(a) && !Array.isArray(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort())
      differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, limit, out);
    return out;
  }
  out.push(`${path || '.'}: ${short(a)} ≠ ${short(b)}`);
  return out;
}

function short(v: unknown): string {
  const text = v === undefined ? 'absent' : JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
