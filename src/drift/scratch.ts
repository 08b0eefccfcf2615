import pg from 'pg';
import { onInterrupt } from '../db/interrupt.ts';
import { quoteIdent, rolesOf } from '../model/index.ts';
import { applyMigrationSql, createRuntime, type MigrationFile, type Runtime } from '../runtime/index.ts';
import type { ObjectRow, ObjectState } from './objects.ts';
import { readDatabaseState } from './read/database-state.ts';
import { readSchemaFingerprints, readSchemaStates } from './read/schema-state.ts';

/**
 * The scratch database's URL, logged in as the domain's init role (the
 * domain's drift database, `<domain>_drift`, made by bootstrap), or a
 * function that returns one when first needed.
 */
export type ScratchSource = string | (() => Promise<string>);

export interface ScratchOptions {
  /** who else may hold the scratch database, as its wait error names them (default `drift check`) */
  readonly holder?: string;
}

/** How long a drift check waits for another one using the same scratch database. */
const SCRATCH_WAIT_MS = 60_000;

/**
 * The scratch database expected schemas are built in, opened only when
 * something has to be built: a drift check answered from the cache never
 * connects. Built the way the live database was: by the runtime (system
 * schemas, default privileges), then each flow schema from exactly the
 * migration files the live one applied, one transaction each, logged in as
 * the domain's init role, so a migration file can do no more here than in
 * the live database. One check at a time uses a scratch database (an
 * advisory lock); whatever an earlier, interrupted check left is dropped
 * first, and everything built is dropped at the end.
 */
export class ScratchBuilds {
  private client: pg.Client | undefined;
  private runtime: Runtime | undefined;
  private readonly built = new Set<string>();
  private forgetInterrupt: (() => void) | undefined;

  constructor(
    private readonly source: ScratchSource,
    private readonly domain: string,
    private readonly generated: string,
    private readonly options: ScratchOptions = {},
  ) {}

  /** The open connection to the scratch database (opening it if needed). */
  async connection(): Promise<pg.Client> {
    return this.open();
  }

  has(schema: string): boolean {
    return this.built.has(schema);
  }

  async build(schema: string, migrations: readonly MigrationFile[]): Promise<void> {
    const client = await this.open();
    for (const m of migrations) await applyMigrationSql(client, m.file, m.sql(), rolesOf(this.domain));
    this.built.add(schema);
  }

  async states(schemas: readonly string[]): Promise<Map<string, ObjectState>> {
    return readSchemaStates(await this.open(), schemas);
  }

  /** Fingerprints of built schemas (readSchemaFingerprints). */
  async fingerprints(schemas: readonly string[]): Promise<Map<string, string>> {
    return readSchemaFingerprints(await this.open(), schemas);
  }

  /** What the scratch database holds outside `known` schemas: what a domain database should hold there too. */
  async database(known: readonly string[], roles: readonly string[]): Promise<{ objects: ObjectState; database: ObjectRow }> {
    return readDatabaseState(await this.open(), known, roles);
  }

  /**
   * Applies one migration file to `schema` (in its own transaction, with the
   * migration guard, as build does): compile --verify applies a chain one
   * file at a time, to know which one PostgreSQL refuses. A refusal throws
   * MigrationFailedError (PostgreSQL's error as its cause) and leaves the
   * files applied before it.
   */
  async apply(schema: string, file: string, sql: string): Promise<void> {
    const client = await this.open();
    await applyMigrationSql(client, file, sql, rolesOf(this.domain));
    this.built.add(schema);
  }

  /** Drops schemas built here (or half built), so that another build can use their names. */
  async drop(schemas: readonly string[]): Promise<void> {
    if (schemas.length === 0) return;
    const client = await this.open();
    await client.query(`DROP SCHEMA IF EXISTS ${schemas.map(quoteIdent).join(', ')} CASCADE`);
    for (const s of schemas) this.built.delete(s);
  }

  /** The server's `server_version_num`. */
  async serverVersion(): Promise<string> {
    return (await (await this.open()).query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`)).rows[0]!.v;
  }

  async close(): Promise<void> {
    this.forgetInterrupt?.();
    await this.runtime?.close();
    if (!this.client) return;
    try {
      await dropOwnSchemas(this.client);
    } finally {
      await this.client.end();
    }
  }

  private async open(): Promise<pg.Client> {
    if (this.client) return this.client;
    const url = typeof this.source === 'string' ? this.source : await this.source();
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => {});
    await client.connect();
    try {
      await client.query(`SET lock_timeout = ${SCRATCH_WAIT_MS}`);
      await client.query(`SELECT pg_advisory_lock(hashtext('flowschema:drift-scratch'))`).catch((error: { code?: string }) => {
        throw error.code === '55P03' ? new Error(`another ${this.options.holder ?? 'drift check'} of domain ${this.domain} has been using its scratch database for over ${SCRATCH_WAIT_MS / 1000} s`) : error;
      });
      await client.query('SET lock_timeout = 0');
      // Ctrl-C or a kill in the middle of a build: the schemas built so far are dropped before the process ends.
      this.forgetInterrupt = onInterrupt(() => abandonScratch(url, (client as unknown as { processID?: number }).processID));
      await dropOwnSchemas(client);
      this.runtime = createRuntime({ domain: this.domain, connection: url, generated: this.generated });
      await this.runtime.start();
    } catch (error) {
      this.forgetInterrupt?.();
      await client.end();
      throw error;
    }
    this.client = client;
    return client;
  }
}

/**
 * What a signal leaves of a scratch build: its session (mid-statement,
 * holding the advisory lock) is ended from a new one, which then takes the
 * lock and drops what was built. When another check got the lock first, it
 * drops the leftovers itself.
 */
async function abandonScratch(url: string, backend: number | undefined): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    if (backend !== undefined) await client.query('SELECT pg_terminate_backend($1, 5000)', [backend]);
    await client.query(`SET lock_timeout = 5000`);
    if ((await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(hashtext('flowschema:drift-scratch')) AS ok`)).rows[0]!.ok) await dropOwnSchemas(client);
  } finally {
    await client.end();
  }
}

/** Drops every schema the logged-in role owns here: the scratch database holds nothing else of its. */
async function dropOwnSchemas(client: pg.Client): Promise<void> {
  const own = (await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) ORDER BY nspname')).rows;
  if (own.length) await client.query(`DROP SCHEMA ${own.map((r) => quoteIdent(r.nspname)).join(', ')} CASCADE`);
}
