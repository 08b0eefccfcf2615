import { createHash } from 'node:crypto';
import { quoteIdent, type StepMode } from '../model/index.ts';
import type { Change } from './changes.ts';

/** One step of a migration: the changes it renders, and how the runtime runs it (model/migration-steps.ts). */
export interface PlannedStep {
  readonly mode: StepMode;
  readonly changes: readonly Change[];
}

/**
 * The steps of a migration, with the safe form of each change to a table
 * that may already hold data (every table but those the same migration
 * creates), so that no step blocks a live flow's writes for longer than a
 * catalog update, and no write the old version makes fails midway:
 *
 * 1. `transaction`: the changes in plan order, except those moved below
 *    (defaults are set here: new rows get them from now on).
 * 2. `concurrently`, one per index, in plan order: indexes built and dropped
 *    CONCURRENTLY; a unique or primary key's index is built under a
 *    temporary name (keyIndexName) while the old key still guards the table.
 *    An index whose name step 1 gives to another (a rename onto it) is
 *    dropped CONCURRENTLY in a step before step 1.
 * 3. `transaction`: the version's after SQL and seed rows (a new key's
 *    unique index already serves ON CONFLICT), NULLs set to a column's
 *    default, then, each a catalog change: the old unique key dropped and the
 *    new one made from its index (USING INDEX: no scan), checks (the
 *    author's, and CHECK (col IS NOT NULL) for a column on its way to NOT
 *    NULL) and foreign keys added NOT VALID: enforced for new rows from here
 *    on, after the rows are filled, so no update of an old row fails on them.
 * 4. `validate`: VALIDATE CONSTRAINT of each (a scan that blocks no writes).
 * 5. `transaction`: SET NOT NULL (PostgreSQL skips its scan: a validated
 *    check proves it) and the check dropped; the old primary key dropped and
 *    the new one made from its index (after SET NOT NULL: no scan); foreign
 *    keys to that new primary key, NOT VALID.
 * 6. `validate`: those foreign keys.
 *
 * A migration with nothing to move is one transaction step, as before steps
 * existed. Changes that cannot be made safe this way (a rewriting type
 * change, a stored generated column, a volatile default) stay in step 1: the
 * lock gate (lock-gate.ts) names them.
 */
export function onlineSteps(changes: readonly Change[]): PlannedStep[] {
  const created = new Set(changes.flatMap((c) => (c.kind === 'CreateTable' ? [c.table.name] : [])));
  const existing = (table: string) => !created.has(table);
  const main: Change[] = [];
  const early: Change[] = [];
  const concurrent: Change[] = [];
  const fill: Change[] = [];
  const keys: Change[] = [];
  const constraints: Change[] = [];
  const validate: Change[] = [];
  const finish: Change[] = [];
  const lateKeys: Change[] = [];
  const validateLate: Change[] = [];
  // Tables that get a new unique or primary key from an index built concurrently; their old keys are dropped only then.
  const newUnique = new Set(changes.flatMap((c) => (c.kind === 'AddUnique' && existing(c.table) ? [c.table] : [])));
  const newPrimary = new Set(changes.flatMap((c) => (c.kind === 'AddPrimaryKey' && existing(c.table) ? [c.table] : [])));
  // Names step 1 gives to indexes or index-backed constraints: an index of that name must be gone before.
  const reused = new Set(
    changes.flatMap((c) => {
      if (c.kind === 'RenameIndex' || c.kind === 'RenameConstraint') return [c.to];
      if (c.kind === 'CreateTable') return [...(c.table.primaryKey ? [c.table.primaryKey.name] : []), ...c.table.uniques.map((u) => u.name)];
      if ((c.kind === 'CreateIndex' || c.kind === 'AddUnique' || c.kind === 'AddPrimaryKey') && !existing(c.table)) return [c.kind === 'CreateIndex' ? c.index.name : c.key.name];
      return [];
    }),
  );

  for (const c of changes) {
    switch (c.kind) {
      case 'CreateIndex':
        if (existing(c.table)) {
          concurrent.push({ ...c, concurrently: true });
          continue;
        }
        break;
      case 'DropIndex':
        // An index of a table created in this migration is never dropped by it: every DropIndex is of an existing
        // table. One whose name step 1 gives to another index is dropped in a step before it.
        (reused.has(c.name) ? early : concurrent).push({ ...c, concurrently: true });
        continue;
      case 'DropConstraint':
        if (c.what === 'unique constraint' && newUnique.has(c.table)) {
          keys.push(c);
          continue;
        }
        if (c.what === 'primary key' && newPrimary.has(c.table)) {
          lateKeys.push(c);
          continue;
        }
        break;
      case 'AddUnique':
      case 'AddPrimaryKey':
        if (existing(c.table)) {
          const index = keyIndexName(c.key.name);
          concurrent.push({ kind: 'CreateIndex', schema: c.schema, table: c.table, index: { name: index, columns: c.key.columns, unique: true }, concurrently: true });
          (c.kind === 'AddUnique' ? keys : lateKeys).push({ ...c, usingIndex: index });
          continue;
        }
        break;
      case 'AddForeignKey':
        if (existing(c.table) || newUnique.has(c.foreignKey.refTable) || newPrimary.has(c.foreignKey.refTable)) {
          const late = newPrimary.has(c.foreignKey.refTable);
          (late ? lateKeys : constraints).push({ ...c, notValid: true });
          (late ? validateLate : validate).push({ kind: 'ValidateConstraint', schema: c.schema, table: c.table, name: c.foreignKey.name });
          continue;
        }
        break;
      case 'AddCheck':
        if (existing(c.table)) {
          constraints.push({ ...c, notValid: true });
          validate.push({ kind: 'ValidateConstraint', schema: c.schema, table: c.table, name: c.check.name });
          continue;
        }
        break;
      case 'SetNotNull':
        if (existing(c.table)) {
          const name = notNullCheckName(c.column);
          if (c.backfill?.default) fill.push({ kind: 'Backfill', schema: c.schema, table: c.table, column: c.backfill });
          constraints.push({ kind: 'AddCheck', schema: c.schema, table: c.table, check: { name, expression: `${quoteIdent(c.column)} IS NOT NULL` }, notValid: true });
          validate.push({ kind: 'ValidateConstraint', schema: c.schema, table: c.table, name });
          finish.push({ kind: 'SetNotNull', schema: c.schema, table: c.table, column: c.column });
          finish.push({ kind: 'DropConstraint', schema: c.schema, table: c.table, name, what: 'check' });
          continue;
        }
        break;
      case 'InsertSeeds':
      case 'UpsertSeeds':
        fill.push(c);
        continue;
      case 'RunSql':
        if (c.label === 'after') {
          fill.push(c);
          continue;
        }
        break;
      default:
        break;
    }
    main.push(c);
  }
  const moved = early.length + concurrent.length + keys.length + constraints.length + finish.length + lateKeys.length > 0;
  if (!moved) return [{ mode: 'transaction', changes }];
  const steps: PlannedStep[] = early.map((c) => ({ mode: 'concurrently', changes: [c] }));
  if (main.length) steps.push({ mode: 'transaction', changes: main });
  for (const c of concurrent) steps.push({ mode: 'concurrently', changes: [c] });
  // The after SQL and seeds first (in plan order), then the backfills, then the catalog changes.
  const filled = [...fill.filter((c) => c.kind !== 'Backfill'), ...fill.filter((c) => c.kind === 'Backfill')];
  if (filled.length || keys.length || constraints.length) steps.push({ mode: 'transaction', changes: [...filled, ...keys, ...constraints] });
  if (validate.length) steps.push({ mode: 'validate', changes: validate });
  if (finish.length || lateKeys.length) steps.push({ mode: 'transaction', changes: [...finish, ...lateKeys] });
  if (validateLate.length) steps.push({ mode: 'validate', changes: validateLate });
  return steps;
}

/** The changes of a migration in the order its file holds them (its steps', one after the other). */
export function fileOrder(changes: readonly Change[]): Change[] {
  return onlineSteps(changes).flatMap((s) => s.changes);
}

/** The name a new unique or primary key's index is built under, until USING INDEX gives it the key's name. */
export function keyIndexName(key: string): string {
  const name = `flowschema_key_${key}`;
  if (Buffer.byteLength(name) <= 63) return name;
  return `flowschema_key_${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

/**
 * The temporary check a column gets on its way to NOT NULL: within
 * PostgreSQL's 63 bytes, one per column, and prefixed so that it is never a
 * name an author would give a check of their own.
 */
export function notNullCheckName(column: string): string {
  const name = `flowschema_not_null_${column}`;
  if (Buffer.byteLength(name) <= 63) return name;
  return `flowschema_not_null_${createHash('sha256').update(column).digest('hex').slice(0, 16)}`;
}

