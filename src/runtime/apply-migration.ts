import type pg from 'pg';
import { quoteLiteral } from '../model/index.ts';
import { migrationError } from './apply-sql.ts';
import { MigrationLockTimeoutError } from './errors.ts';
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
  readonly query: (client: pg.PoolClient, text: string) => Promise<unknown>;
  /** the statement that refuses what a migration must not have done (roles.ts migrationGuard) */
  readonly guard: string;
  /** lock_timeout of each try, in ms */
  readonly lockTimeoutMs: number;
  /** tries after the first when a lock is not had in time */
  readonly lockRetries: number;
  readonly runtimeVersion: string;
}

/**
 * One migration in one transaction with its history and registry rows,
 * sent as one simple query: one round trip, however long the file. Under a
 * lock_timeout: a migration that cannot have a table lock in time gives up
 * (the transaction rolls back, nothing stays) rather than queue every
 * later query on that table behind itself, and is tried again after 250 ms,
 * 500 ms, 1 s… (at most 8 s); when every try times out, the error names who
 * holds locks in the schema.
 */
export async function applyMigration(settings: ApplySettings, schema: string, kind: 'system' | 'flow', flow: string | null, m: AppliedMigration, alsoInTransaction?: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await applyOnce(settings, schema, kind, flow, m, alsoInTransaction);
    } catch (error) {
      if ((error as { code?: string }).code !== '55P03') throw error;
      if (attempt >= settings.lockRetries) throw new MigrationLockTimeoutError(schema, m.file, settings.lockTimeoutMs, attempt + 1, await lockHoldersOf(settings.client, schema).catch(() => []), error);
      await new Promise((done) => setTimeout(done, Math.min(250 * 2 ** attempt, 8_000)));
    }
  }
}

async function applyOnce(settings: ApplySettings, schema: string, kind: 'system' | 'flow', flow: string | null, m: AppliedMigration, alsoInTransaction?: string): Promise<void> {
  const { client } = settings;
  const lit = (v: string | null) => (v === null ? 'NULL' : quoteLiteral(v));
  const prefix = `BEGIN;\nSET LOCAL lock_timeout = ${settings.lockTimeoutMs};\n`;
  const records = (kind === 'system' ? SYSTEM_SCHEMAS : [schema]).map(
    (s) => `INSERT INTO sys_schemas.migration_history (schema_name, migration_id, flow_version, sha256, duration_ms, runtime_version) VALUES (${lit(s)}, ${lit(m.id)}, ${lit(m.version)}, ${lit(m.sha256)}, (extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000)::int, ${lit(settings.runtimeVersion)});
INSERT INTO sys_schemas.registry (schema_name, kind, flow_key, flow_version, current_migration) VALUES (${lit(s)}, ${lit(kind)}, ${lit(flow)}, ${lit(m.version)}, ${lit(m.id)})
  ON CONFLICT (schema_name) DO UPDATE SET flow_version = EXCLUDED.flow_version, current_migration = EXCLUDED.current_migration;`,
  );
  // RESET ALL: a SET in the file must not outlive it on this pooled connection.
  const text = `${prefix}${m.sql}\n;\n${settings.guard}\n${records.join('\n')}\n${alsoInTransaction ?? ''}\nCOMMIT;\nRESET ALL;`;
  try {
    await settings.query(client, text);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    // Waited too long for a lock: the caller tries again.
    if ((error as { code?: string }).code === '55P03') throw error;
    const e = error as { position?: string };
    const position = e.position === undefined ? undefined : Number(e.position) - prefix.length;
    // An error in the file itself is reported against the file; one in the bookkeeping as it is.
    if (position === undefined || (position > 0 && position <= m.sql.length)) throw await migrationError(m.file, m.sql, error, position);
    throw error;
  }
}
