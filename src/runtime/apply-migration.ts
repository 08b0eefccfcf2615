import type pg from 'pg';
import { concurrentIndexOf, dropBuiltIndexSql, quoteLiteral, readMigrationSteps, withoutConcurrently, type MigrationStep } from '../model/index.ts';
import { migrationError } from './apply-sql.ts';
import { ChecksumMismatchError, MigrationFailedError, MigrationLockTimeoutError } from './errors.ts';
import { lockHoldersOf } from './lock.ts';
import { SYSTEM_SCHEMAS } from './system-migrations.ts';

export interface AppliedMigration {
  readonly id: string;
  readonly file: string;
  readonly sha256: string;
  readonly version: string | null;
  readonly sql: string;
}

export interface ApplySettings {
  readonly client: pg.PoolClient;
  /** the runtime's counting query */
  readonly query: (client: pg.PoolClient, text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
  /** the statement that refuses what a migration must not have done (roles.ts migrationGuard) */
  readonly guard: string;
  /** lock_timeout of each try, in ms */
  readonly lockTimeoutMs: number;
  /** tries after the first when a lock is not had in time */
  readonly lockRetries: number;
  /**
   * statement_timeout of each `transaction` step, in ms (0: none); undefined:
   * 60 s for the transaction steps of a migration in steps, none for a file
   * without steps (as before steps existed).
   */
  readonly statementTimeoutMs: number | undefined;
  readonly runtimeVersion: string;
}

const LOCK_NOT_AVAILABLE = '55P03';
const QUERY_CANCELED = '57014';
/** statement_timeout of the transaction steps of a migration in steps, unless the runtime sets one (ApplySettings). */
export const DEFAULT_STEP_STATEMENT_TIMEOUT_MS = 60_000;

/**
 * One migration, with its history and registry rows. A file without steps
 * is one transaction, sent as one simple query (one round trip however long
 * the file). A file written in steps (model/migration-steps.ts) runs step by
 * step, each recorded in sys_schemas.migration_steps as it commits, so a
 * crash or a kill midway resumes at the first step not recorded; the
 * history row comes with the last step.
 *
 * Every step runs under a lock_timeout: one that cannot have a table lock in
 * time gives up (its transaction rolls back, nothing of the step stays)
 * rather than queue every later query on that table behind itself, and is
 * tried again after 250 ms, 500 ms, 1 s… (at most 8 s); when every try
 * times out, the error names who holds locks in the schema. `transaction`
 * steps also run under statement_timeout: they may hold locks that block
 * writers. `validate` and `concurrently` steps block no writes and may take
 * as long as the table needs.
 */
export async function applyMigration(settings: ApplySettings, schema: string, kind: 'system' | 'flow', flow: string | null, m: AppliedMigration, options: { readonly alsoInTransaction?: string; readonly fresh?: boolean } = {}): Promise<void> {
  const steps = await readMigrationSteps(m.file, m.sql);
  const finish = historyRecords(settings, schema, kind, flow, m) + (options.alsoInTransaction ?? '');
  if (steps.length === 1 && steps[0]!.mode === 'transaction') {
    await withRetries(settings, schema, m.file, () => runTransaction(settings, m, m.file, steps[0]!, 0, finish, false));
    return;
  }
  if (options.fresh) {
    // A schema this run creates: no one else can have rows in it or see it (its first start holds the schema's
    // lock), so the steps run as one transaction, as every migration did before steps existed: atomic, and an
    // index build waits for no one. Each CONCURRENTLY is left out (lexer-found): the same index, built plainly.
    const whole: MigrationStep = { number: 1, mode: 'transaction', sql: steps.map((st) => (st.mode === 'concurrently' ? withoutConcurrently(st.sql) : st.sql)).join('') };
    await withRetries(settings, schema, m.file, () => runTransaction(settings, m, m.file, whole, 0, finish, false));
    return;
  }
  const recorded = await recordedSteps(settings, schema, m);
  // Where the first step starts in the file (after the header), in characters as PostgreSQL counts them.
  let offset = Array.from(m.sql.slice(0, m.sql.length - steps.reduce((n, st) => n + st.sql.length, 0))).length;
  for (const step of steps) {
    const at = offset;
    offset += Array.from(step.sql).length;
    if (recorded.has(step.number)) continue;
    const record = `INSERT INTO sys_schemas.migration_steps (schema_name, migration_id, step, mode, sha256, duration_ms) VALUES (${quoteLiteral(schema)}, ${quoteLiteral(m.id)}, ${step.number}, ${quoteLiteral(step.mode)}, ${quoteLiteral(m.sha256)}, (extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000)::int);\n${step.number === steps.length ? finish : ''}`;
    const label = `${m.file} (step ${step.number} of ${steps.length}, ${step.mode})`;
    const resumable = step.number > 1 ? `; steps 1–${step.number - 1} stay applied, and a rerun resumes at step ${step.number}` : '';
    if (step.mode === 'concurrently') await runConcurrently(settings, m, label, step, at, record);
    else await withRetries(settings, schema, label, () => runTransaction(settings, m, label, step, at, record, true), resumable);
  }
}

/** The step numbers of `m` already applied to `schema`; a step applied from other bytes is refused. */
async function recordedSteps(settings: ApplySettings, schema: string, m: AppliedMigration): Promise<Set<number>> {
  const rows = (await settings.query(settings.client, 'SELECT step, sha256 FROM sys_schemas.migration_steps WHERE schema_name = $1 AND migration_id = $2', [schema, m.id])).rows as { step: number; sha256: string }[];
  const other = rows.find((r) => r.sha256 !== m.sha256);
  if (other) throw new ChecksumMismatchError(schema, m.file, other.sha256, m.sha256, 'partly applied');
  return new Set(rows.map((r) => r.step));
}

async function withRetries(settings: ApplySettings, schema: string, file: string, run: () => Promise<void>, resumable = ''): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error;
      if (attempt >= settings.lockRetries) throw new MigrationLockTimeoutError(schema, file, settings.lockTimeoutMs, attempt + 1, await lockHoldersOf(settings.client, schema).catch(() => []), error, resumable);
      await new Promise((done) => setTimeout(done, Math.min(250 * 2 ** attempt, 8_000)));
    }
  }
}

/** A `transaction` or `validate` step (or a whole file without steps) and `after` (its bookkeeping) in one transaction. */
async function runTransaction(settings: ApplySettings, m: AppliedMigration, label: string, step: MigrationStep, offsetInFile: number, after: string, inSteps: boolean): Promise<void> {
  const { client } = settings;
  const limit = step.mode !== 'transaction' ? 0 : (settings.statementTimeoutMs ?? (inSteps ? DEFAULT_STEP_STATEMENT_TIMEOUT_MS : 0));
  const timeout = limit > 0 ? `SET LOCAL statement_timeout = ${limit};\n` : '';
  // A validate step blocks no writes (SHARE UPDATE EXCLUSIVE): it may wait for its lock as long as it takes.
  const prefix = `BEGIN;\nSET LOCAL lock_timeout = ${step.mode === 'validate' ? 0 : settings.lockTimeoutMs};\n${timeout}`;
  // RESET ALL: a SET in the file must not outlive it on this pooled connection.
  const text = `${prefix}${step.sql}\n;\n${settings.guard}\n${after}\nCOMMIT;\nRESET ALL;`;
  try {
    await settings.query(client, text);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    await client.query('RESET ALL').catch(() => {});
    // Waited too long for a lock: the caller tries again.
    if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) throw error;
    if ((error as { code?: string }).code === QUERY_CANCELED && timeout)
      throw new MigrationFailedError(label, QUERY_CANCELED, undefined, `${label}: ran longer than its statement_timeout (${limit} ms), holding locks that may block writers; it was rolled back and nothing of it stays. Run it when the tables are quieter, or raise migrationStatementTimeoutMs (SQLSTATE ${QUERY_CANCELED})`, error);
    const e = error as { position?: string };
    const position = e.position === undefined ? undefined : Number(e.position) - Array.from(prefix).length;
    // An error in the file itself is reported against the file; one in the bookkeeping as it is.
    if (position === undefined || (position > 0 && position <= Array.from(step.sql).length)) throw await migrationError(label, m.sql, error, position === undefined ? undefined : position + offsetInFile, step.sql);
    throw error;
  }
}

/**
 * A `concurrently` step: one CREATE or DROP INDEX CONCURRENTLY, outside any
 * transaction (under lock_timeout), then its record in a transaction of its
 * own. An index a failed or killed build left INVALID is dropped (also
 * CONCURRENTLY) and built again; a valid one is a build that finished
 * before its record was written, and is only recorded. A drop is IF EXISTS:
 * running it again is harmless.
 */
async function runConcurrently(settings: ApplySettings, m: AppliedMigration, label: string, step: MigrationStep, offsetInFile: number, record: string): Promise<void> {
  const { client } = settings;
  const index = concurrentIndexOf(m.file, step);
  try {
    // No lock_timeout: the build takes SHARE UPDATE EXCLUSIVE (no writer waits for it) and then waits for every
    // older transaction in the database to end, however long; bounding that would only make it start over.
    await settings.query(client, 'SET lock_timeout = 0');
    let build = true;
    if (index.builds) {
      const found = (await settings.query(client, `SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`, [index.schema, index.name])).rows[0] as { valid: boolean } | undefined;
      if (found?.valid === false) await settings.query(client, dropBuiltIndexSql(index));
      build = found?.valid !== true;
    }
    if (build) await settings.query(client, step.sql);
  } catch (error) {
    // A failed build leaves its index INVALID, and a unique one still refuses duplicates of new rows: dropped
    // now (best effort; a rerun drops it anyway before building).
    if (index.builds) await client.query(dropBuiltIndexSql(index)).catch(() => {});
    const e = error as { position?: string };
    throw await migrationError(label, m.sql, error, e.position === undefined ? undefined : Number(e.position) + offsetInFile, step.sql);
  } finally {
    await client.query('RESET lock_timeout').catch(() => {});
  }
  await settings.query(client, `BEGIN;\n${settings.guard}\n${record}\nCOMMIT;\nRESET ALL;`).catch(async (error: unknown) => {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  });
}

/** The history and registry rows of a migration applied to `schema` (for a system migration: to every system schema). */
function historyRecords(settings: ApplySettings, schema: string, kind: 'system' | 'flow', flow: string | null, m: AppliedMigration): string {
  const lit = (v: string | null) => (v === null ? 'NULL' : quoteLiteral(v));
  return (kind === 'system' ? SYSTEM_SCHEMAS : [schema])
    .map(
      (s) => `INSERT INTO sys_schemas.migration_history (schema_name, migration_id, flow_version, sha256, duration_ms, runtime_version) VALUES (${lit(s)}, ${lit(m.id)}, ${lit(m.version)}, ${lit(m.sha256)}, (extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000)::int, ${lit(settings.runtimeVersion)});
INSERT INTO sys_schemas.registry (schema_name, kind, flow_key, flow_version, current_migration) VALUES (${lit(s)}, ${lit(kind)}, ${lit(flow)}, ${lit(m.version)}, ${lit(m.id)})
  ON CONFLICT (schema_name) DO UPDATE SET flow_version = EXCLUDED.flow_version, current_migration = EXCLUDED.current_migration;`,
    )
    .join('\n');
}
