import type { DriftFinding } from './check.ts';

/**
 * A finding on one plain line: `index s.i: method btree → hash`,
 * `table s.t: not expected`, `role r: superuser no → yes`, `migration
 * pending: s.0002_1.1.0`. Long values are cut, controls replaced (a name
 * or comment can hold anything).
 */
export function findingText(f: DriftFinding): string {
  const where = f.schema.startsWith('(') || f.object === f.schema ? f.object : `${f.schema}.${f.object}`;
  const value = (v: string | null) => (v === null ? 'none' : v.length > 60 ? `${v.slice(0, 57)}…` : v);
  const kind = f.kind.replace(/ (added|dropped|changed)$/, '');
  const text = f.kind.endsWith(' changed') && f.property
    ? `${kind} ${where}: ${f.property} ${value(f.expected)} → ${value(f.live)}`
    : f.kind.endsWith(' added') ? `${kind} ${where}: not expected`
    : f.kind.endsWith(' dropped') ? `${kind} ${where}: missing`
    : `${f.kind}: ${where}`;
  return text.replace(INVISIBLE, ' ');
}


/** Control, format (bidi marks and overrides, zero-width characters) and line or paragraph separator characters. */
export const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu;
