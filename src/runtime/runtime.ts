import pg from 'pg';
import { quoteLiteral } from '../model/index.ts';
import { sha256, type ManifestSchema } from '../artifacts/index.ts';
import { readDomainArtifacts, type DomainArtifacts } from './artifacts.ts';
import { ChecksumMismatchError, DomainMismatchError } from './errors.ts';
import { appliedQuery, pendingMigrations, type AppliedRow } from './history.ts';
import { applyMigration, type AppliedMigration } from './apply-migration.ts';
import { deployComponents, type DeployResult } from './deploy.ts';
import { withLock } from './lock.ts';
import { assertLeastPrivilege, grantDefaultPrivileges, migrationGuard, restrictSystemSchemas, rolesOf, type DomainRoles } from './roles.ts';
import { SYSTEM_MIGRATIONS, SYSTEM_SCHEMAS } from './system-migrations.ts';

export const RUNTIME_VERSION = '0.1.0';

export interface RuntimeOptions {
  readonly domain: string;
  /**
   * The domain's (bootstrapped) database, logged in as the domain's init role:
   * a URL or a pg Pool. Every statement of the runtime runs on it, so no
   * migration can do more than that role may (checked on start: see
   * assertLeastPrivilege). Databases, roles and grants are bootstrap's.
   */
  readonly connection: string | pg.Pool;
  /** The generated/ folder. */
  readonly generated: string;
  /** How long to wait for another process's migration lock (default 30 s). */
  readonly lockWaitMs?: number;
  /**
   * How long one migration may wait for a table lock (PostgreSQL's
   * lock_timeout, default 2 s). A migration queued behind a long query
   * queues every later query behind itself; bounded, it gives up instead, and
   * is tried again (`lockRetries` times, default 5, waiting 250 ms, 500 ms,
   * 1 s… between tries), so writers wait at most this long for it.
   */
  readonly migrationLockTimeoutMs?: number;
  readonly lockRetries?: number;
  /**
   * How long one statement of a migration's `transaction` step may run
   * (PostgreSQL's statement_timeout; 0: no limit). Such a step may hold locks
   * that block writers: past this it is rolled back and the upgrade stops
   * there, rather than stall a live flow. Unset: 60 s for the transaction
   * steps of a migration in steps, no limit for a migration without steps
   * (as before steps existed). `validate` and `concurrently` steps block no
   * writes and are never limited.
   */
  readonly migrationStatementTimeoutMs?: number;
}

export interface SchemaStatus {
  readonly schema: string;
  readonly kind: 'system' | 'flow';
  readonly flow: string | null;
  /** the version generated/ brings (the target) */
  readonly version: string | null;
  /** the version the schema is at now (its last applied migration's), null when not created */
  readonly liveVersion: string | null;
  readonly created: boolean;
  readonly applied: readonly string[];
  readonly pending: readonly string[];
}

export interface Runtime {
  readonly domain: string;
  readonly roles: DomainRoles;
  /** System schemas, stamp, default privileges: idempotent, safe to call from many processes at once. */
  start(): Promise<void>;
  /** A flow's entry in the artifacts (schema, version, initial state, migrations), read once per runtime. */
  flow(flowKey: string): ManifestSchema;
  /** Stores the domain's definitions in their system schemas, each version once. */
  deploy(): Promise<DeployResult>;
  /** Stores one flow's definition (its version once), as deploy() does for all: what a first start does once the flow's schema is live. */
  deployFlow(flowKey: string): Promise<DeployResult>;
  /** Creates (on first call) or brings up to date the schema of a flow. */
  ensureFlowSchema(flowKey: string): Promise<void>;
  /** Applies what is missing to every created flow schema. Returns the migrations applied. */
  upgrade(onProgress?: (done: number, total: number, schema: string) => void): Promise<string[]>;
  status(): Promise<SchemaStatus[]>;
  /** Round trips to PostgreSQL made so far (for the benchmark and tests). */
  readonly queries: () => number;
  close(): Promise<void>;
}

/**
 * The runtime of one domain: its database must exist (the CLI creates it).
 * Every migration runs in its own transaction together with its history
 * row, as the domain's init role, under an advisory lock per schema.
 */
export function createRuntime(options: RuntimeOptions): Runtime {
  const domain = options.domain;
  const ownPool = typeof options.connection === 'string';
  const pool = typeof options.connection === 'string' ? new pg.Pool({ connectionString: options.connection, max: 4 }) : options.connection;
  // An idle connection the server ends (a dropped database, a restart) must not crash the process.
  if (ownPool) pool.on('error', () => {});
  const roles = rolesOf(domain);
  const guard = migrationGuard(roles);
  const lockWait = options.lockWaitMs ?? 30_000;
  const tableLockTimeout = Math.max(1, Math.floor(options.migrationLockTimeoutMs ?? 2_000));
  const lockRetries = Math.max(0, Math.floor(options.lockRetries ?? 5));
  const statementTimeout = options.migrationStatementTimeoutMs === undefined ? undefined : Math.max(0, Math.floor(options.migrationStatementTimeoutMs));
  let artifacts: DomainArtifacts | undefined;
  const current = new Set<string>();
  let count = 0;
  let started = false;

  const load = () => (artifacts ??= readDomainArtifacts(options.generated, domain));
  const query = async <R extends pg.QueryResultRow>(client: pg.PoolClient, text: string, values?: unknown[]) => {
    count++;
    return client.query<R>(text, values);
  };
  const withClient = async <T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    // Held across several queries: a connection the server ends between two of them (a restart, Ctrl-C
    // stopping the embedded server) is an error of the next query, never an unhandled 'error' event.
    const ended = () => {};
    client.on('error', ended);
    try {
      return await work(client);
    } finally {
      client.removeListener('error', ended);
      client.release();
    }
  };

  /** One migration, with its history and registry rows, in one transaction (apply-migration.ts). */
  const apply = (client: pg.PoolClient, schema: string, kind: 'system' | 'flow', flow: string | null, m: AppliedMigration, options?: { alsoInTransaction?: string; fresh?: boolean }) =>
    applyMigration({ client, query, guard, lockTimeoutMs: tableLockTimeout, lockRetries, statementTimeoutMs: statementTimeout, runtimeVersion: RUNTIME_VERSION }, schema, kind, flow, m, options);

  const appliedOf = async (client: pg.PoolClient, schema: string, flow = true) => (await query<AppliedRow>(client, appliedQuery(flow), [schema])).rows;

  const migrateFlow = async (client: pg.PoolClient, flowKey: string): Promise<string[]> => {
    const a = load();
    const entry = a.schema(flowKey);
    const files = a.migrations(entry);
    const applied = await appliedOf(client, entry.schema);
    const pending = pendingMigrations(entry.schema, applied, files);
    // Created by this call (no history): its tables hold no rows, a migration in steps runs as one transaction.
    const fresh = applied.length === 0;
    const done: string[] = [];
    for (const f of pending) {
      await apply(client, entry.schema, 'flow', flowKey, { id: f.id, file: f.file, sha256: f.sha256, version: f.toVersion, sql: f.sql() }, { fresh });
      done.push(`${entry.schema}/${f.id}`);
    }
    return done;
  };

  return {
    domain,
    roles,
    queries: () => count,

    async start() {
      await withClient(async (client) => {
        await assertLeastPrivilege(client, roles);
        // Before anything else (the lock included): system schemas owned by another domain's init role.
        const owner = (await query<{ db: string; owner: string | null }>(client, `SELECT current_database() AS db, (SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'sys_schemas') AS owner`)).rows[0]!;
        if (owner.owner !== null && owner.owner !== roles.init) throw new DomainMismatchError(domain, owner.owner.endsWith('_init') ? owner.owner.slice(0, -'_init'.length) : `(its system schemas belong to role ${owner.owner})`, owner.db);
        await withLock(client, domain, '(domain)', lockWait, async () => {
          const probe = (await query<{ db: string; system: boolean }>(client, `SELECT current_database() AS db, to_regclass('sys_schemas.domain') IS NOT NULL AS system`)).rows[0]!;
          const name = probe.system ? ((await query<{ name: string }>(client, 'SELECT name FROM sys_schemas.domain')).rows[0]?.name ?? null) : null;
          const stamped = { db: probe.db, name };
          if (stamped.name !== null && stamped.name !== domain) throw new DomainMismatchError(domain, stamped.name, stamped.db);
          const bootstrapped = stamped.name !== null;
          const applied = bootstrapped ? await appliedOf(client, 'sys_schemas', false) : [];
          const done = new Set(applied.map((r) => r.migration_id));
          for (const m of SYSTEM_MIGRATIONS) {
            if (done.has(m.id)) {
              const row = applied.find((r) => r.migration_id === m.id)!;
              if (row.sha256 !== sha256(m.sql)) throw new ChecksumMismatchError('sys_schemas', `system migration ${m.id}`, row.sha256, sha256(m.sql));
              continue;
            }
            // The first system migration stamps the database with its domain in the same transaction.
            const stamp = m.id === SYSTEM_MIGRATIONS[0]!.id ? `INSERT INTO sys_schemas.domain (name, database) VALUES (${quoteLiteral(domain)}, current_database());` : undefined;
            await apply(client, 'sys_schemas', 'system', null, { id: m.id, file: `system migration ${m.id}`, sha256: sha256(m.sql), version: RUNTIME_VERSION, sql: m.sql }, { alsoInTransaction: stamp });
          }
          await grantDefaultPrivileges(client, roles);
          await restrictSystemSchemas(client, roles);
        });
      });
      started = true;
    },

    flow(flowKey) {
      return load().schema(flowKey);
    },

    async deploy() {
      if (!started) await this.start();
      return withClient((client) => withLock(client, domain, '(deploy)', lockWait, () => deployComponents(client, options.generated, domain)));
    },

    async deployFlow(flowKey) {
      if (!started) await this.start();
      load().schema(flowKey);
      return withClient((client) => withLock(client, domain, '(deploy)', lockWait, () => deployComponents(client, options.generated, domain, { kind: 'flows', key: flowKey })));
    },

    async ensureFlowSchema(flowKey) {
      if (current.has(flowKey)) return;
      const a = load();
      const entry = a.schema(flowKey);
      const files = a.migrations(entry);
      // One round trip when the schema is already current; start() (with its domain check) before any change.
      const applied = started ? undefined : await withClient((c) => appliedOf(c, entry.schema)).catch(() => undefined);
      if (applied === undefined || pendingMigrations(entry.schema, applied, files).length > 0) {
        if (!started) await this.start();
        await withClient((client) => withLock(client, domain, entry.schema, lockWait, () => migrateFlow(client, flowKey)));
      }
      current.add(flowKey);
    },

    async upgrade(onProgress) {
      if (!started) await this.start();
      const a = load();
      return withClient(async (client) => {
        const created = (await query<{ flow_key: string }>(client, `SELECT flow_key FROM sys_schemas.registry WHERE kind = 'flow' ORDER BY schema_name`)).rows.map((r) => r.flow_key);
        // Every check before any change: a tampered or unknown history stops the whole upgrade.
        for (const flow of created) {
          const entry = a.schema(flow);
          pendingMigrations(entry.schema, await appliedOf(client, entry.schema), a.migrations(entry));
        }
        const done: string[] = [];
        for (const [i, flow] of created.entries()) {
          const entry = a.schema(flow);
          done.push(...(await withLock(client, domain, entry.schema, lockWait, () => migrateFlow(client, flow))));
          current.add(flow);
          onProgress?.(i + 1, created.length, entry.schema);
        }
        return done;
      });
    },

    async status() {
      const a = load();
      return withClient(async (client) => {
        const exists = (await query<{ ok: boolean }>(client, `SELECT to_regclass('sys_schemas.migration_history') IS NOT NULL AS ok`)).rows[0]!.ok;
        const history = exists ? (await query<{ schema_name: string; migration_id: string }>(client, 'SELECT schema_name, migration_id FROM sys_schemas.migration_history ORDER BY id')).rows : [];
        const registry = new Map(exists ? (await query<{ schema_name: string; flow_version: string | null }>(client, 'SELECT schema_name, flow_version FROM sys_schemas.registry')).rows.map((r) => [r.schema_name, r.flow_version]) : []);
        const appliedTo = (s: string) => history.filter((h) => h.schema_name === s).map((h) => h.migration_id);
        const out: SchemaStatus[] = SYSTEM_SCHEMAS.map((s) => {
          const applied = appliedTo(s);
          return { schema: s, kind: 'system', flow: null, version: RUNTIME_VERSION, liveVersion: registry.get(s) ?? null, created: registry.has(s), applied, pending: SYSTEM_MIGRATIONS.map((m) => m.id).filter((id) => !applied.includes(id)) };
        });
        for (const entry of a.manifest.schemas) {
          const applied = appliedTo(entry.schema);
          const created = registry.has(entry.schema);
          out.push({ schema: entry.schema, kind: 'flow', flow: entry.flow, version: entry.version, liveVersion: registry.get(entry.schema) ?? null, created, applied, pending: created ? entry.migrations.map((m) => m.id).filter((id) => !applied.includes(id)) : [] });
        }
        return out;
      });
    },

    async close() {
      if (ownPool) await pool.end();
    },
  };
}
