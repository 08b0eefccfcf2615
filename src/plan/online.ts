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
 * catalog update, no write the old version makes fails midway, and an old
 * constraint guards its table until its replacement is in place:
 *
 * 1. `concurrently`: the drop of an index whose name step 2 gives to
 *    another (a rename onto it).
 * 2. `transaction`: the changes in plan order, except those moved below
 *    (defaults are set here: new rows get them from now on).
 * 3. `concurrently`, one per index, in plan order: indexes built and dropped
 *    CONCURRENTLY; a new unique or primary key's index under a temporary
 *    name (keyIndexName).
 * 4. `transaction`: NULLs set to a column's default (row locks only; on its
 *    own, so that a retry of the next step does not redo it).
 * 5. `transaction`: the old keys and the constraints the migration changes
 *    dropped and their replacements made, in one transaction: keys from
 *    their index (USING INDEX: no scan when its columns are NOT NULL), then
 *    the version's after SQL and seed rows (written under the new keys, as
 *    in one plain transaction), then checks (the author's, and
 *    CHECK (col IS NOT NULL) for a column on its way to NOT NULL) and
 *    foreign keys added NOT VALID: enforced for new rows from here on, after
 *    the rows are filled.
 * 6. `validate`: VALIDATE CONSTRAINT of each (a scan that blocks no writes).
 * 7. `transaction`: SET NOT NULL (PostgreSQL skips its scan: a validated
 *    check proves it) and the temporary check dropped.
 *
 * A migration with nothing to move is one transaction step, as before steps
 * existed. Changes that cannot be made safe this way (a rewriting type
 * change, a stored generated column, a volatile default, a primary key over
 * columns that were nullable) are named by the lock gate (lock-gate.ts).
 */
export function onlineSteps(changes: readonly Change[]): PlannedStep[] {
  const created = new Set(changes.flatMap((c) => (c.kind === 'CreateTable' ? [c.table.name] : [])));
  const existing = (table: string) => !created.has(table);
  const early: Change[] = [];
  const main: Change[] = [];
  const concurrent: Change[] = [];
  const backfill: Change[] = [];
  const swaps: Change[] = [];
  const keys: Change[] = [];
  const fill: Change[] = [];
  const constraints: Change[] = [];
  const validate: Change[] = [];
  const finish: Change[] = [];
  // Tables that get a new key from an index built concurrently: their old keys are dropped only then.
  const keyed = new Set(changes.flatMap((c) => ((c.kind === 'AddUnique' || c.kind === 'AddPrimaryKey') && existing(c.table) ? [c.table] : [])));
  // Constraints the migration drops and makes again under the same name (a changed check, foreign key or key).
  const remade = new Set(changes.flatMap((c) => (c.kind === 'AddCheck' ? [`${c.table}\0${c.check.name}`] : c.kind === 'AddForeignKey' ? [`${c.table}\0${c.foreignKey.name}`] : [])));
  // Index names created in this migration: a key dropped under one of them goes first (its index holds the name).
  const indexNames = new Set(changes.flatMap((c) => (c.kind === 'CreateIndex' ? [c.index.name] : [])));
  // Names step 2 gives to indexes or index-backed constraints: an index of that name must be gone before.
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
        // table. One whose name step 2 gives to another index is dropped in a step before it.
        (reused.has(c.name) ? early : concurrent).push({ ...c, concurrently: true });
        continue;
      case 'DropConstraint': {
        const key = c.what === 'unique constraint' || c.what === 'primary key';
        if ((key && keyed.has(c.table) && !indexNames.has(c.name)) || (!key && remade.has(`${c.table}\0${c.name}`))) {
          swaps.push({ ...c, ifExists: true });
          continue;
        }
        break;
      }
      case 'AddUnique':
      case 'AddPrimaryKey':
        if (existing(c.table)) {
          const index = keyIndexName(c.key.name);
          concurrent.push({ kind: 'CreateIndex', schema: c.schema, table: c.table, index: { name: index, columns: c.key.columns, unique: true }, concurrently: true });
          keys.push({ ...c, usingIndex: index });
          continue;
        }
        break;
      case 'AddForeignKey':
        if (existing(c.table) || keyed.has(c.foreignKey.refTable)) {
          constraints.push({ ...c, notValid: true });
          validate.push({ kind: 'ValidateConstraint', schema: c.schema, table: c.table, name: c.foreignKey.name });
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
          if (c.backfill?.default) backfill.push({ kind: 'Backfill', schema: c.schema, table: c.table, column: c.backfill });
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
  const moved = early.length + concurrent.length + swaps.length + keys.length + constraints.length + finish.length > 0;
  if (!moved) return [{ mode: 'transaction', changes }];
  const steps: PlannedStep[] = early.map((c) => ({ mode: 'concurrently', changes: [c] }));
  if (main.length) steps.push({ mode: 'transaction', changes: main });
  for (const c of concurrent) steps.push({ mode: 'concurrently', changes: [c] });
  if (backfill.length) steps.push({ mode: 'transaction', changes: backfill });
  if (swaps.length || keys.length || fill.length || constraints.length) steps.push({ mode: 'transaction', changes: [...swaps, ...keys, ...fill, ...constraints] });
  if (validate.length) steps.push({ mode: 'validate', changes: validate });
  if (finish.length) steps.push({ mode: 'transaction', changes: finish });
  return steps;
}

/** The changes of a migration in the order its file holds them (its steps', one after the other). */
export function fileOrder(changes: readonly Change[]): Change[] {
  return onlineSteps(changes).flatMap((s) => s.changes);
}

/** The name a new unique or primary key's index is built under, until USING INDEX gives it the key's name. */
export function keyIndexName(key: string): string {
  return temporaryName('flowschema_key_', key);
}

/** The temporary check a column gets on its way to NOT NULL, one per column. */
export function notNullCheckName(column: string): string {
  return temporaryName('flowschema_not_null_', column);
}

/**
 * A temporary object's name: the prefix definitions may not use (FS1203), then
 * the name it stands for, or that name's hash when both pass PostgreSQL's 63 bytes.
 */
function temporaryName(prefix: string, name: string): string {
  const full = `${prefix}${name}`;
  return Buffer.byteLength(full) <= 63 ? full : `${prefix}${createHash('sha256').update(name).digest('hex').slice(0, 16)}`;
}

