import type { SourcePos } from './diagnostic.ts';
import { compatibleForForeignKey, typeLabel } from './column-type.ts';
import type { Reader } from './read.ts';
import type { DraftTable, NameRef } from './tables.ts';
import type { Column, ForeignKey, Index, KeyConstraint, Table } from './types.ts';

/**
 * Turns declared flow tables into model tables: column references (by key or
 * SQL name) resolved, constraint and index names given, foreign keys checked
 * against the tables they reference (flow tables or the standard ones).
 */
export function resolveTables(r: Reader, drafts: readonly DraftTable[], standard: readonly Table[]): Table[] {
  const byRef = new Map<string, { table: Table | undefined; draft?: DraftTable }>();
  for (const t of standard) byRef.set(t.name, { table: t });
  const resolved: Table[] = [];
  const partial = drafts.map((d) => ({ draft: d, table: resolveOwnKeys(r, d) }));
  for (const { draft, table } of partial) {
    byRef.set(draft.key, { table, draft });
    if (!byRef.has(draft.name)) byRef.set(draft.name, { table, draft });
  }
  for (const { draft, table } of partial) {
    const foreignKeys: ForeignKey[] = [];
    for (const c of draft.columns) {
      if (!c.references) continue;
      const fk = resolveForeignKey(r, draft, c.column, c.references, byRef);
      if (fk) foreignKeys.push(fk);
    }
    resolved.push({ ...table, foreignKeys });
  }
  return resolved;
}

function resolveOwnKeys(r: Reader, d: DraftTable): Table {
  const columnOf = (ref: NameRef, what: string, code: string): string | undefined => {
    const c = d.columns.find((x) => x.key === ref.name) ?? d.columns.find((x) => x.column.name === ref.name);
    if (c) return c.column.name;
    if (d.failedColumns.has(ref.name)) return undefined;
    r.error(code, ref.pos, `${what} of table '${d.key}' names column '${ref.name}', which the table does not declare`, `declared columns: ${d.columns.map((x) => x.key).join(', ')}`);
    return undefined;
  };
  const resolveList = (refs: readonly NameRef[], what: string, code: string, pos: SourcePos): string[] | undefined => {
    if (refs.length === 0) {
      r.error('FS1508', pos, `${what} of table '${d.key}' lists no columns`, 'name at least one column');
      return undefined;
    }
    const names = refs.map((ref) => columnOf(ref, what, code));
    return names.every((n) => n !== undefined) ? (names as string[]) : undefined;
  };

  let primaryKey: KeyConstraint | undefined;
  const pkColumns = d.columns.filter((c) => c.primaryKey);
  if (d.primaryKey && pkColumns.length > 0)
    r.error('FS1414', d.primaryKey.pos, `table '${d.key}' declares its primary key twice: on column '${pkColumns[0]!.key}' and in primaryKey`, 'keep one of them');
  else if (pkColumns.length > 1)
    r.error('FS1414', pkColumns[1]!.namePos, `table '${d.key}' marks more than one column primaryKey`, `for a composite key write primaryKey: [${pkColumns.map((c) => `'${c.key}'`).join(', ')}] on the table`);
  else if (d.primaryKey) {
    const cols = resolveList(d.primaryKey.columns, 'the primary key', 'FS1506', d.primaryKey.pos);
    if (cols) {
      for (const name of cols) {
        const col = d.columns.find((c) => c.column.name === name)!;
        if (col.column.nullable) r.error('FS1414', col.namePos, `column '${d.key}.${col.key}' is in the primary key and cannot be optional`, "remove 'optional: true'");
      }
      primaryKey = { name: `${d.name}_pkey`, columns: cols, pos: d.primaryKey.pos };
    }
  } else if (pkColumns.length === 1) primaryKey = { name: `${d.name}_pkey`, columns: [pkColumns[0]!.column.name], pos: pkColumns[0]!.namePos };

  const uniques: KeyConstraint[] = d.columns
    .filter((c) => c.unique)
    .map((c) => ({ name: `${d.name}_${c.column.name}_key`, columns: [c.column.name], pos: c.namePos }));
  for (const u of d.uniques) {
    const cols = resolveList(u.columns, 'a unique constraint', 'FS1506', u.pos);
    if (cols) uniques.push({ name: `${d.name}_${cols.join('_')}_key`, columns: cols, pos: u.pos });
  }
  const indexes: Index[] = [];
  for (const i of d.indexes) {
    const cols = resolveList(i.columns, 'an index', 'FS1505', i.pos);
    if (cols) indexes.push({ name: i.name ?? `${d.name}_${cols.join('_')}_idx`, columns: cols, unique: i.unique, pos: i.pos });
  }
  return {
    name: d.name,
    kind: 'flow',
    columns: d.columns.map((c) => c.column),
    ...(primaryKey && { primaryKey }),
    uniques,
    checks: d.checks,
    foreignKeys: [],
    indexes,
    ...(d.comment !== undefined && { comment: d.comment }),
    ...(d.renamedFrom !== undefined && { renamedFrom: d.renamedFrom }),
    pos: d.pos,
  };
}

function resolveForeignKey(
  r: Reader,
  draft: DraftTable,
  column: Column,
  ref: NonNullable<DraftTable['columns'][number]['references']>,
  byRef: ReadonlyMap<string, { table: Table | undefined; draft?: DraftTable }>,
): ForeignKey | undefined {
  const what = `the foreign key of column '${draft.key}.${column.name}'`;
  const target = byRef.get(ref.table)?.table;
  if (!target) {
    r.error('FS1501', ref.pos, `${what} references table '${ref.table}', which this flow does not have`, `reference one of: ${[...byRef.keys()].join(', ')}`);
    return undefined;
  }
  const targetDraft = byRef.get(ref.table)?.draft;
  let refColumn: Column | undefined;
  if (ref.column !== undefined) {
    const key = targetDraft?.columns.find((c) => c.key === ref.column)?.column.name ?? ref.column;
    refColumn = target.columns.find((c) => c.name === key);
    if (!refColumn && targetDraft?.failedColumns.has(ref.column)) return undefined;
    if (!refColumn) {
      r.error('FS1502', ref.pos, `${what} references column '${ref.column}', which table '${ref.table}' does not have`, `columns of ${ref.table}: ${target.columns.map((c) => c.name).join(', ')}`);
      return undefined;
    }
  } else {
    if (target.primaryKey?.columns.length !== 1) {
      r.error('FS1509', ref.pos, `${what} names no column and table '${ref.table}' has no single-column primary key`, "name the referenced column: references: { table: '...', column: '...' }");
      return undefined;
    }
    refColumn = target.columns.find((c) => c.name === target.primaryKey!.columns[0]);
  }
  if (!refColumn) return undefined;
  const isKey = (target.primaryKey?.columns.length === 1 && target.primaryKey.columns[0] === refColumn.name) ||
    target.uniques.some((u) => u.columns.length === 1 && u.columns[0] === refColumn!.name);
  if (!isKey) {
    r.error('FS1504', ref.pos, `${what} references '${ref.table}.${refColumn.name}', which is neither a primary key nor unique`, 'PostgreSQL needs a unique constraint on the referenced column: mark it primaryKey or unique');
    return undefined;
  }
  if (!compatibleForForeignKey(column.type, refColumn.type)) {
    r.error('FS1503', ref.pos, `${what} has type ${typeLabel(column.type)} but '${ref.table}.${refColumn.name}' has type ${typeLabel(refColumn.type)}`, `give the column type ${typeLabel(refColumn.type)}`);
    return undefined;
  }
  if (ref.onDelete === 'set null' && !column.nullable) {
    r.error('FS1510', ref.pos, `${what} uses onDelete 'set null' but the column is NOT NULL`, "mark the column optional: true, or use 'cascade'");
    return undefined;
  }
  return { name: `${draft.name}_${column.name}_fkey`, columns: [column.name], refTable: target.name, refColumns: [refColumn.name], onDelete: ref.onDelete, pos: ref.pos };
}
