import { snakeCase, type FlowModel } from '../model/index.ts';
import type { DestroyedObject, DestructiveChange } from './diff.ts';

/**
 * allowDestructive entries against the destructive changes of a version.
 *
 * An entry names what is destroyed, the way the definition writes it or by
 * its SQL name: a table (`ledgerEntries` or `ledger_entries`), a column
 * (`ledgerEntries.paidAt`, `ledger_entries.paid_at`, or a mix), a data field
 * (`data.riskScore`), an enum type (`enum:ledger_entries_direction`, or the
 * column that declares it: `enum:ledgerEntries.direction`). A table or
 * column the definition still has is known by its key; one it no longer has
 * (dropped) only by its SQL name, or by a key whose snake_case is that name
 * (`paidAt` for `paid_at`), since the previous definition is not kept.
 */
export function allows(entry: string, object: DestroyedObject, flow: FlowModel): boolean {
  switch (object.kind) {
    case 'data':
      return entry === `data.${object.field}`;
    case 'enum': {
      if (!entry.startsWith('enum:')) return false;
      const rest = entry.slice('enum:'.length);
      return rest === object.name || splits(rest).some(([t, c]) => enumTypesOf(t, c, flow).has(object.name));
    }
    case 'table':
      return tableNames(entry, flow).has(object.table);
    case 'column':
      return splits(entry).some(([t, c]) => tableNames(t, flow).has(object.table) && columnNames(object.table, c, flow).has(object.column));
  }
}

/** The entry to suggest for a change: the definition's keys where the definition still has them, else the SQL key. */
export function suggestedEntry(change: DestructiveChange, flow: FlowModel): string {
  const o = change.object;
  if (o.kind !== 'column') return change.key;
  const table = flow.tableKeys?.find((t) => t.name === o.table);
  const column = table?.columns.find((c) => c.name === o.column);
  return table && column ? `${table.key}.${column.key}` : change.key;
}

/** `a.b.c` -> [a, b.c], [a.b, c]: a key may itself hold a dot. */
function splits(entry: string): [string, string][] {
  const out: [string, string][] = [];
  for (let i = entry.indexOf('.'); i > 0 && i < entry.length - 1; i = entry.indexOf('.', i + 1)) out.push([entry.slice(0, i), entry.slice(i + 1)]);
  return out;
}

/** The SQL table names an entry part may mean: itself, its snake_case, the table with that key. */
function tableNames(part: string, flow: FlowModel): Set<string> {
  const names = new Set([part, snakeCase(part)]);
  for (const t of flow.tableKeys ?? []) if (t.key === part) names.add(t.name);
  return names;
}

function columnNames(table: string, part: string, flow: FlowModel): Set<string> {
  const names = new Set([part, snakeCase(part)]);
  for (const t of flow.tableKeys ?? []) if (t.name === table) for (const c of t.columns) if (c.key === part) names.add(c.name);
  return names;
}

/** The enum types of the columns `table.column` may mean, in the current definition. */
function enumTypesOf(table: string, column: string, flow: FlowModel): Set<string> {
  const types = new Set<string>();
  const tables = tableNames(table, flow);
  for (const t of flow.schema.tables) {
    if (!tables.has(t.name)) continue;
    const columns = columnNames(t.name, column, flow);
    for (const c of t.columns) if (columns.has(c.name) && c.type.base === 'enum' && c.type.enumName !== undefined) types.add(c.type.enumName);
  }
  return types;
}
