import { functionsCalled, type Column, type ColumnType } from '../model/index.ts';
import type { Change } from './changes.ts';
import { notNullCheckName } from './online.ts';

/**
 * The table lock each change takes while a migration runs, and for how long
 * (PostgreSQL 15's ALTER TABLE, CREATE INDEX and friends): what `plan`
 * shows per migration, so an author sees which step would stall a live
 * flow. A change to a table the same migration creates takes nothing anyone
 * waits for. Unsafe: a lock that blocks writes (or reads) for longer than a
 * catalog update, on a table that may hold data; the hint names the safe
 * form. Changes in their online form (online.ts: CONCURRENTLY, NOT VALID,
 * VALIDATE, USING INDEX, SET NOT NULL after a validated check) take the
 * weaker or briefer locks those forms are for; what stays unsafe is what no
 * such form exists for (a rewrite), which the author must allow by name.
 */
export interface ChangeLock {
  readonly table: string;
  /** PostgreSQL's name of the strongest table lock the change takes */
  readonly lock: 'ACCESS EXCLUSIVE' | 'SHARE ROW EXCLUSIVE' | 'SHARE' | 'SHARE UPDATE EXCLUSIVE' | 'ROW EXCLUSIVE';
  /** what waits while it is held */
  readonly blocks: 'reads and writes' | 'writes' | 'schema changes';
  /** how long it is held */
  readonly holds: 'briefly' | 'while it scans the table' | 'while it rewrites the table' | 'while it builds the index' | 'while it writes every row';
  /** set when the change is unsafe on a table with data: the safe form */
  readonly unsafe?: string;
}

const BRIEF = { lock: 'ACCESS EXCLUSIVE', blocks: 'reads and writes', holds: 'briefly' } as const;
/** Functions whose default PostgreSQL evaluates for every row, so ADD COLUMN rewrites the table (a stable now() does not). */
const VOLATILE = new Set(['gen_random_uuid', 'uuid_generate_v1', 'uuid_generate_v4', 'random', 'clock_timestamp', 'timeofday', 'nextval', 'txid_current']);

/**
 * The lock of each change on an existing table, in the migration's order;
 * changes that touch no existing table (new schema, new table, enum types,
 * the author's SQL, whose locks are its own) are left out.
 */
export function changeLocks(changes: readonly Change[]): { readonly change: Change; readonly lock: ChangeLock }[] {
  const created = new Set(changes.flatMap((c) => (c.kind === 'CreateTable' ? [c.table.name] : [])));
  // Columns proven NOT NULL by a check validated before their SET NOT NULL (online.ts): no scan.
  const proven = new Set(changes.flatMap((c) => (c.kind === 'AddCheck' && c.notValid ? [`${c.table}\0${c.check.name}`] : [])));
  // Columns the migration makes NOT NULL: a primary key over them checks every row when it is made.
  const madeNotNull = new Set(changes.flatMap((c) => (c.kind === 'SetNotNull' ? [`${c.table}\0${c.column}`] : [])));
  const out: { change: Change; lock: ChangeLock }[] = [];
  for (const change of changes) {
    const lock =
      change.kind === 'SetNotNull' && proven.has(`${change.table}\0${notNullCheckName(change.column)}`)
        ? { table: change.table, ...BRIEF }
        : change.kind === 'AddPrimaryKey' && change.usingIndex !== undefined && change.key.columns.some((c) => madeNotNull.has(`${change.table}\0${c}`))
          ? { table: change.table, lock: 'ACCESS EXCLUSIVE' as const, blocks: 'reads and writes' as const, holds: 'while it scans the table' as const, unsafe: 'a primary key over columns that were nullable: PostgreSQL checks every row under the lock; make them NOT NULL in an earlier version, or allow it knowing the table is small' }
          : lockOf(change);
    if (lock && !created.has(lock.table)) out.push({ change, lock });
  }
  return out;
}

function lockOf(change: Change): ChangeLock | undefined {
  switch (change.kind) {
    case 'AddColumn':
      return addColumn(change.table, change.column);
    case 'AlterColumnType':
      if (binaryCoercible(change.from, change.column.type) && change.using === undefined) return { table: change.table, ...BRIEF };
      return { table: change.table, lock: 'ACCESS EXCLUSIVE', blocks: 'reads and writes', holds: 'while it rewrites the table', unsafe: 'a type change that rewrites: expand and contract by hand (a new column, a backfill, a switch), or allow it knowing the table is small' };
    case 'SetNotNull':
      return { table: change.table, lock: 'ACCESS EXCLUSIVE', blocks: 'reads and writes', holds: 'while it scans the table', unsafe: 'add CHECK (column IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL (PostgreSQL then skips the scan)' };
    case 'AddPrimaryKey':
    case 'AddUnique':
      if (change.usingIndex) return { table: change.table, ...BRIEF };
      return { table: change.table, lock: 'ACCESS EXCLUSIVE', blocks: 'reads and writes', holds: 'while it builds the index', unsafe: 'build the unique index CONCURRENTLY, then ADD CONSTRAINT … USING INDEX' };
    case 'AddCheck':
      if (change.notValid) return { table: change.table, ...BRIEF };
      return { table: change.table, lock: 'ACCESS EXCLUSIVE', blocks: 'reads and writes', holds: 'while it scans the table', unsafe: 'add it NOT VALID, then VALIDATE CONSTRAINT in a later step (a weaker lock)' };
    case 'AddForeignKey':
      if (change.notValid) return { table: change.table, lock: 'SHARE ROW EXCLUSIVE', blocks: 'writes', holds: 'briefly' };
      return { table: change.table, lock: 'SHARE ROW EXCLUSIVE', blocks: 'writes', holds: 'while it scans the table', unsafe: 'add it NOT VALID, then VALIDATE CONSTRAINT in a later step (a weaker lock)' };
    case 'ValidateConstraint':
      return { table: change.table, lock: 'SHARE UPDATE EXCLUSIVE', blocks: 'schema changes', holds: 'while it scans the table' };
    case 'CreateIndex':
      if (change.concurrently) return { table: change.table, lock: 'SHARE UPDATE EXCLUSIVE', blocks: 'schema changes', holds: 'while it builds the index' };
      return { table: change.table, lock: 'SHARE', blocks: 'writes', holds: 'while it builds the index', unsafe: 'CREATE INDEX CONCURRENTLY, outside the transaction' };
    case 'RecreateEnum': {
      const table = change.columns[0]?.table;
      return table === undefined ? undefined : { table, lock: 'ACCESS EXCLUSIVE', blocks: 'reads and writes', holds: 'while it rewrites the table', unsafe: "a rebuilt enum rewrites every column of its type: add the values at the end instead, or allow it knowing the tables are small" };
    }
    case 'Backfill':
      return { table: change.table, lock: 'ROW EXCLUSIVE', blocks: 'schema changes', holds: 'while it writes every row' };
    case 'RenameDataField':
    case 'RemoveDataField':
      return { table: 'instance_data', lock: 'ROW EXCLUSIVE', blocks: 'schema changes', holds: 'while it writes every row' };
    case 'DropColumn':
    case 'RenameColumn':
    case 'DropNotNull':
    case 'SetDefault':
    case 'DropDefault':
    case 'DropConstraint':
    case 'RenameConstraint':
      return { table: change.table, ...BRIEF };
    case 'RenameTable':
      return { table: change.from, ...BRIEF };
    case 'DropTable':
      return { table: change.table, ...BRIEF };
    case 'CommentOnTable':
    case 'CommentOnColumn':
      return { table: change.table, lock: 'SHARE UPDATE EXCLUSIVE', blocks: 'schema changes', holds: 'briefly' };
    case 'InsertSeeds':
    case 'UpsertSeeds':
      return { table: change.table.name, lock: 'ROW EXCLUSIVE', blocks: 'schema changes', holds: 'while it writes every row' };
    default:
      // CreateSchema, CreateTable, enums created, renamed, extended or dropped, indexes dropped or renamed by name, the author's SQL.
      return undefined;
  }
}

/** ADD COLUMN is a catalog change, unless PostgreSQL must compute a value for every row: a stored generated column, a volatile default. */
function addColumn(table: string, column: Column): ChangeLock {
  if (column.identity) return { table, lock: 'ACCESS EXCLUSIVE', blocks: 'reads and writes', holds: 'while it rewrites the table', unsafe: 'an identity column is numbered for every row: expand and contract by hand, or allow it knowing the table is small' };
  if (column.generated !== undefined) return { table, lock: 'ACCESS EXCLUSIVE', blocks: 'reads and writes', holds: 'while it rewrites the table', unsafe: 'a stored generated column is computed for every row: expand and contract by hand, or allow it knowing the table is small' };
  if (column.default?.kind === 'sql' && functionsCalled(column.default.text).some((f) => VOLATILE.has(f)))
    return { table, lock: 'ACCESS EXCLUSIVE', blocks: 'reads and writes', holds: 'while it rewrites the table', unsafe: 'a volatile default is computed for every row: add the column without it, backfill in batches, then set the default' };
  return { table, ...BRIEF };
}

/**
 * Type changes PostgreSQL makes in the catalog alone (no rewrite, no scan):
 * varchar made longer or text, numeric with more precision and the same
 * scale, a length or precision limit removed.
 */
function binaryCoercible(from: ColumnType, to: ColumnType): boolean {
  if (from.array !== to.array) return false;
  const texty = (t: ColumnType) => t.base === 'varchar' || t.base === 'text';
  if (texty(from) && to.base === 'text') return true;
  if (from.base === 'varchar' && to.base === 'varchar') return to.length === undefined || (from.length !== undefined && to.length >= from.length);
  if (from.base === 'numeric' && to.base === 'numeric') return to.precision === undefined || (from.precision !== undefined && to.precision >= from.precision && (to.scale ?? 0) === (from.scale ?? 0));
  return false;
}

/** One line for `plan`: `documents: ACCESS EXCLUSIVE while it rewrites the table (blocks reads and writes)`. */
export function describeLock(lock: ChangeLock): string {
  return `${lock.table}: ${lock.lock} ${lock.holds} (blocks ${lock.blocks})`;
}
