import type { Column, ColumnType, SchemaModel, Table } from '../model/index.ts';

/** JSON of a value without source positions: equality of model parts. */
export function same(a: unknown, b: unknown): boolean {
  return key(a) === key(b);
}

export function key(value: unknown): string {
  return JSON.stringify(value, (k, v) => (k === 'pos' || k === 'renamedFrom' || k === 'using' ? undefined : v));
}

export function tableOf(model: SchemaModel, name: string): Table | undefined {
  return model.tables.find((t) => t.name === name);
}

export function columnOf(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

const INTEGER_RANK: Record<string, number> = { smallint: 1, integer: 2, bigint: 3 };

/**
 * Type changes that cannot fail or lose information, so need no USING:
 * integer widening, longer varchar, varchar to text, numeric with at least
 * as many integer and fraction digits, integers to unbounded numeric, real to double.
 */
export function isWidening(from: ColumnType, to: ColumnType): boolean {
  if (from.array !== to.array) return false;
  const f = from.base;
  const t = to.base;
  if (INTEGER_RANK[f] && INTEGER_RANK[t]) return INTEGER_RANK[t]! >= INTEGER_RANK[f]!;
  if (f === 'varchar' && t === 'varchar') return (to.length ?? 0) >= (from.length ?? 0);
  if (f === 'varchar' && t === 'text') return true;
  if (f === 'numeric' && t === 'numeric') {
    if (to.precision === undefined) return true;
    if (from.precision === undefined) return false;
    const fs = from.scale ?? 0;
    const ts = to.scale ?? 0;
    return ts >= fs && to.precision - ts >= from.precision - fs;
  }
  if (INTEGER_RANK[f] && t === 'numeric') return to.precision === undefined;
  if (f === 'real' && t === 'double') return true;
  return false;
}

/** `a` appears in `b` in the same relative order (b only adds values). */
export function isOrderedSubset(a: readonly string[], b: readonly string[]): boolean {
  let i = 0;
  for (const v of b) if (v === a[i]) i++;
  return i === a.length && a.every((v) => b.includes(v));
}
