import type { LoadedValue } from '../loader/index.ts';
import type { Reader } from './read.ts';
import type { DraftTable } from './tables.ts';
import type { SeedSet, ValueLiteral } from './types.ts';
import { readValue } from './value.ts';

/** FS1601-FS1604: seed rows of flow tables, keyed by column key (or SQL name). */
export function readSeeds(r: Reader, value: LoadedValue | undefined, drafts: readonly DraftTable[]): SeedSet[] {
  const obj = r.object(value, 'seeds');
  if (!obj) return [];
  const sets: SeedSet[] = [];
  for (const p of obj.props) {
    const table = drafts.find((d) => d.key === p.key) ?? drafts.find((d) => d.name === p.key);
    const rowsValue = r.array(p.value, `the seeds of '${p.key}'`);
    if (!table) {
      r.error('FS1601', p.keyPos, `seeds name table '${p.key}', which is not a table of this flow`, drafts.length ? `seed one of: ${drafts.map((d) => d.key).join(', ')}` : 'declare the table under tables first');
      continue;
    }
    if (!rowsValue) continue;
    const rows: Record<string, ValueLiteral>[] = [];
    for (const rowValue of rowsValue) {
      const row = r.object(rowValue, `a seed row of '${p.key}'`);
      if (!row) continue;
      const out: Record<string, ValueLiteral> = {};
      let ok = true;
      for (const cell of row.props) {
        const column = table.columns.find((c) => c.key === cell.key) ?? table.columns.find((c) => c.column.name === cell.key);
        if (!column && table.failedColumns.has(cell.key)) {
          ok = false;
          continue;
        }
        if (!column) {
          r.error('FS1602', cell.keyPos, `a seed row of '${p.key}' sets '${cell.key}', which is not a column of the table`, `columns: ${table.columns.map((c) => c.key).join(', ')}`);
          ok = false;
          continue;
        }
        const literal = readValue(r, cell.value, column.column.type, column.enumValues, column.column.nullable, 'FS1604', `seed value '${p.key}.${cell.key}'`);
        if (literal === undefined) ok = false;
        else out[column.column.name] = literal;
      }
      for (const c of table.columns)
        if (!c.column.nullable && c.column.default === undefined && !(c.column.name in out) && !row.props.some((x) => x.key === c.key)) {
          r.error('FS1603', row.pos, `a seed row of '${p.key}' gives no value for required column '${c.key}'`, `add ${c.key}: ..., give the column a default, or mark it optional`);
          ok = false;
        }
      if (ok) {
        // Declared column order, so output does not depend on how rows were written.
        const ordered: Record<string, ValueLiteral> = {};
        for (const c of table.columns) if (c.column.name in out) ordered[c.column.name] = out[c.column.name]!;
        rows.push(ordered);
      }
    }
    sets.push({ table: table.name, rows, pos: p.keyPos });
  }
  return sets;
}
