import { stepMarker } from '../model/index.ts';
import { changeLocks, describeChange, describeLock, onlineSteps, type Change, type PlannedStep } from '../plan/index.ts';
import { changeSql } from './statements.ts';
import { composed } from './sql-text.ts';
import { verifyMigration } from './statement-kinds.ts';
import { sqlTemplate } from './templates.ts';

export interface MigrationHeader {
  readonly id: string;
  readonly flow: string;
  readonly domain: string;
  readonly schema: string;
  /** null for a schema's first migration */
  readonly fromVersion: string | null;
  readonly toVersion: string;
  readonly file: string;
}

export interface RenderOptions {
  /**
   * false: every change in its plain form, in one transaction, whatever the
   * tables hold (the benchmark's comparison; never what compile writes).
   */
  readonly online?: boolean;
}

/**
 * A whole migration file: the header comment (the changes, and the lock each
 * takes on a table that may hold data), then the statements, in steps when
 * online forms need them (plan/online.ts; model/migration-steps.ts reads
 * them back).
 */
export function renderMigration(header: MigrationHeader, changes: readonly Change[], options: RenderOptions = {}): string {
  const steps: PlannedStep[] = options.online === false ? [{ mode: 'transaction', changes }] : onlineSteps(changes);
  const ordered = steps.flatMap((s) => s.changes);
  const locks = changeLocks(ordered).map(({ change, lock }) => `${lock.unsafe ? '!' : '·'} ${describeChange(change)}: ${describeLock(lock)}`);
  const phased = steps.length > 1 || steps[0]!.mode !== 'transaction';
  const statements = (step: PlannedStep) => step.changes.map((c) => composed(changeSql(c, header.toVersion)));
  const sql = sqlTemplate('migration')({
    id: header.id,
    flow: header.flow,
    domain: header.domain,
    schema: header.schema,
    from: header.fromVersion ?? '(none: creates the schema)',
    to: header.toVersion,
    file: header.file,
    summary: changes.map(describeChange),
    locks,
    phased,
    stepCount: steps.length,
    steps: steps.map((s, i) => ({ marker: composed(stepMarker(i + 1, s.mode)), statements: statements(s) })),
    statements: phased ? [] : statements(steps[0]!),
  });
  verifyMigration(`migration ${header.id} of schema ${header.schema}`, sql, ordered, steps);
  return sql;
}
