import { TsCode, tsSingleQuoted } from '../codegen/ts-escape.ts';

/**
 * A value to print as TypeScript: JSON-like data whose strings are hostile
 * (escaped by tsSingleQuoted, keys by tsPropertyKey), or code made by the
 * escaping module (a `script(...)` call, an imported name).
 */
export type TsValue = TsCode | TsEntries | string | number | boolean | null | readonly TsValue[] | { readonly [key: string]: TsValue };

/**
 * An object whose keys keep the order given: a JavaScript object puts
 * integer-like keys (a state `9`) first, and states and transitions are
 * lists whose order the platform keeps.
 */
export class TsEntries {
  constructor(readonly entries: readonly (readonly [string, TsValue])[]) {}
}

/** The entries of an object value, in their order. */
export function entriesOf(value: TsValue): readonly (readonly [string, TsValue])[] {
  return value instanceof TsEntries ? value.entries : Object.entries(value as Record<string, TsValue>);
}

const WIDTH = 120;

/**
 * Formats a value as people write definitions: on one line when it fits in
 * WIDTH columns at its indentation, else one property or item per line with
 * trailing commas. Deterministic: the same value gives the same text.
 */
export function printTs(value: TsValue, indent = 0, column = indent): string {
  const flat = printFlat(value);
  if (column + flat.length <= WIDTH || !isComposite(value)) return flat;
  const pad = ' '.repeat(indent + 2);
  const end = ' '.repeat(indent);
  if (Array.isArray(value)) return `[\n${value.map((v) => `${pad}${printTs(v, indent + 2)},\n`).join('')}${end}]`;
  const entries = entriesOf(value);
  return `{\n${entries
    .map(([k, v]) => {
      const name = key(k);
      return `${pad}${name}: ${printTs(v, indent + 2, indent + 2 + name.length + 2)},\n`;
    })
    .join('')}${end}}`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A property key: bare when an identifier, else single-quoted. `__proto__`
 * is refused: written bare or quoted it would set the object's prototype, and
 * the loader reads no computed key (callers leave such keys out, reported).
 */
function key(name: string): string {
  if (name === '__proto__') throw new TypeError('printTs: a __proto__ key cannot be written as a definition property');
  return IDENTIFIER.test(name) ? name : tsSingleQuoted(name).text;
}

function isComposite(value: TsValue): boolean {
  return typeof value === 'object' && value !== null && !TsCode.is(value) && (Array.isArray(value) ? value.length > 0 : entriesOf(value).length > 0);
}

function printFlat(value: TsValue): string {
  if (TsCode.is(value)) return value.text;
  if (typeof value === 'string') return tsSingleQuoted(value).text;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('printTs takes finite numbers');
    return JSON.stringify(value);
  }
  if (typeof value === 'boolean' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(printFlat).join(', ')}]`;
  const entries = entriesOf(value);
  return entries.length ? `{ ${entries.map(([k, v]) => `${key(k)}: ${printFlat(v)}`).join(', ')} }` : '{}';
}
