import pg from 'pg';
import { applyMigrationSql, createRuntime, rolesOf, type MigrationFile, type Runtime } from '../runtime/index.ts';
import type { SchemaState } from './compare.ts';
import { readSchemaStates } from './state.ts';

/** An empty database's URL, or a function that creates one when first needed. */
export type ScratchSource = string | (() => Promise<string>);

/**
 * The scratch database expected schemas are built in, opened only when
 * something has to be built: a drift check answered from the cache never
 * creates one. Built the way the live database was: by the runtime (system
 * schemas, roles, default privileges), then each flow schema from exactly
 * the migration files the live one applied, one transaction each, as the
 * domain's init role when the live database uses roles.
 */
export class ScratchBuilds {
  private client: pg.Client | undefined;
  private runtime: Runtime | undefined;
  private readonly built = new Set<string>();

  constructor(
    private readonly source: ScratchSource,
    private readonly domain: string,
    private readonly generated: string,
    private readonly withRoles: boolean,
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
    const role = this.withRoles ? rolesOf(this.domain).init : undefined;
    for (const m of migrations) await applyMigrationSql(client, m.file, m.sql(), role);
    this.built.add(schema);
  }

  async states(schemas: readonly string[]): Promise<Map<string, SchemaState>> {
    return readSchemaStates(await this.open(), schemas);
  }

  async close(): Promise<void> {
    await this.client?.end();
    await this.runtime?.close();
  }

  private async open(): Promise<pg.Client> {
    if (this.client) return this.client;
    const url = typeof this.source === 'string' ? this.source : await this.source();
    this.runtime = createRuntime({ domain: this.domain, connection: url, generated: this.generated, roles: this.withRoles });
    await this.runtime.start();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    this.client = client;
    return client;
  }
}
