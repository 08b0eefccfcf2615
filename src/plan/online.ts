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
 * catalog update:
 *
 * 1. `transaction`: the changes in plan order, except those moved below;
 *    foreign keys and checks are added NOT VALID (enforced for new rows at
 *    once, no scan), and a column made NOT NULL first gets
 *    CHECK (column IS NOT NULL) NOT VALID. Then, when such a column has a
 *    default, a `transaction` step that sets its NULLs to it (row locks
 *    only: writers of other rows go on).
 * 2. `concurrently`, one per index: indexes built and dropped CONCURRENTLY
 *    (a unique or primary key's index under the constraint's name), in plan
 *    order.
 * 3. `transaction` (only when something was moved out of step 1): unique
 *    and primary keys made from their index (USING INDEX: no scan), foreign
 *    keys to such a key, then the version's after SQL and seed rows, which
 *    may rely on any of it.
 * 4. `validate`: VALIDATE CONSTRAINT of every constraint added NOT VALID (a
 *    scan under a lock that blocks no writes).
 * 5. `transaction`: SET NOT NULL (PostgreSQL skips its scan: a validated
 *    check proves it) and the check dropped.
 *
 * A migration with nothing to move is one transaction step, as before steps
 * existed. Changes that cannot be made safe this way (a rewriting type
 * change, a stored generated column, a volatile default) stay in step 1: the
 * lock gate (evolve.ts) names them.
 */
export function onlineSteps(changes: readonly Change[]): PlannedStep[] {
  const created = new Set(changes.flatMap((c) => (c.kind === 'CreateTable' ? [c.table.name] : [])));
  const existing = (table: string) => !created.has(table);
  const main: Change[] = [];
  const concurrent: Change[] = [];
  const backfill: Change[] = [];
  const keys: Change[] = [];
  const tail: Change[] = [];
  const validate: Change[] = [];
  const notNull: Change[] = [];
  // Tables that get a unique or primary key from an index built in step 2: a foreign key to them waits for it.
  const keyed = new Set<string>();
  for (const c of changes) if ((c.kind === 'AddUnique' || c.kind === 'AddPrimaryKey') && existing(c.table)) keyed.add(c.table);

  for (const c of changes) {
    switch (c.kind) {
      case 'CreateIndex':
        if (existing(c.table)) {
          concurrent.push({ ...c, concurrently: true });
          continue;
        }
        break;
      case 'DropIndex':
        // An index of a table created in this migration is never dropped by it: every DropIndex is of an existing table.
        concurrent.push({ ...c, concurrently: true });
        continue;
      case 'AddUnique':
      case 'AddPrimaryKey':
        if (existing(c.table)) {
          concurrent.push({ kind: 'CreateIndex', schema: c.schema, table: c.table, index: { name: c.key.name, columns: c.key.columns, unique: true }, concurrently: true });
          keys.push({ ...c, usingIndex: true });
          continue;
        }
        break;
      case 'AddForeignKey':
        if (existing(c.table) || keyed.has(c.foreignKey.refTable)) {
          (keyed.has(c.foreignKey.refTable) ? keys : main).push({ ...c, notValid: true });
          validate.push({ kind: 'ValidateConstraint', schema: c.schema, table: c.table, name: c.foreignKey.name });
          continue;
        }
        break;
      case 'AddCheck':
        if (existing(c.table)) {
          main.push({ ...c, notValid: true });
          validate.push({ kind: 'ValidateConstraint', schema: c.schema, table: c.table, name: c.check.name });
          continue;
        }
        break;
      case 'SetNotNull':
        if (existing(c.table)) {
          const name = notNullCheckName(c.column);
          // The backfill (when the column has a default) in a step of its own, after the check: it holds row
          // locks only, and the check, enforced for new rows from step 1 on, keeps NULLs from coming back.
          if (c.backfill?.default) backfill.push({ kind: 'Backfill', schema: c.schema, table: c.table, column: c.backfill });
          main.push({ kind: 'AddCheck', schema: c.schema, table: c.table, check: { name, expression: `${quoteIdent(c.column)} IS NOT NULL` }, notValid: true });
          validate.push({ kind: 'ValidateConstraint', schema: c.schema, table: c.table, name });
          notNull.push({ kind: 'SetNotNull', schema: c.schema, table: c.table, column: c.column });
          notNull.push({ kind: 'DropConstraint', schema: c.schema, table: c.table, name, what: 'check' });
          continue;
        }
        break;
      case 'InsertSeeds':
      case 'UpsertSeeds':
        tail.push(c);
        continue;
      case 'RunSql':
        if (c.label === 'after') {
          tail.push(c);
          continue;
        }
        break;
      default:
        break;
    }
    main.push(c);
  }
  const moved = concurrent.length + keys.length + validate.length + notNull.length > 0;
  if (!moved) return [{ mode: 'transaction', changes }];
  const steps: PlannedStep[] = [];
  if (main.length) steps.push({ mode: 'transaction', changes: main });
  if (backfill.length) steps.push({ mode: 'transaction', changes: backfill });
  for (const c of concurrent) steps.push({ mode: 'concurrently', changes: [c] });
  if (keys.length || tail.length) steps.push({ mode: 'transaction', changes: [...keys, ...tail] });
  if (validate.length) steps.push({ mode: 'validate', changes: validate });
  if (notNull.length) steps.push({ mode: 'transaction', changes: notNull });
  return steps;
}

/** The changes of a migration in the order its file holds them (its steps', one after the other). */
export function fileOrder(changes: readonly Change[]): Change[] {
  return onlineSteps(changes).flatMap((s) => s.changes);
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

