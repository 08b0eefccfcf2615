import pg from 'pg';
import { sha256 } from '../artifacts/index.ts';
import { driftDatabaseNameOf, quoteIdent, rolesOf, type SourcePos } from '../model/index.ts';
import { readDomainArtifacts, RUNTIME_VERSION, SYSTEM_MIGRATIONS, SYSTEM_SCHEMAS, type DomainArtifacts, type MigrationFile } from '../runtime/index.ts';
import { DRIFT_CACHE_VERSION } from './cache-version.ts';
import { compareStates, type Finding } from './compare.ts';
import { withFixes } from './fix/plan.ts';
import type { FixStatement } from './fix/types.ts';
import { appliedMigrations, partlyApplied } from './applied.ts';
import { historyFindings, type HistoryRow, type RegistryRow, type StepRow, HISTORY_KINDS } from './history.ts';
import { fingerprint, keyOf, type ObjectState } from './objects.ts';
import { DATABASE, readDatabaseState, SERVER } from './read/database-state.ts';
import { readSchemaFingerprints, readSchemaStates } from './read/schema-state.ts';
import { expectedDatabase, readRoleStates } from './read/server-state.ts';
import { ScratchBuilds, type ScratchSource } from './scratch.ts';

export interface DriftFinding extends Finding {
  /** the schema, or `(database)` for the database and what it holds outside the schemas, `(server)` for the domain's roles */
  readonly schema: string;
  /** the definition that declares the object, when one does */
  readonly definition?: SourcePos;
  /** the statements that restore the expected state (see fixScript) */
  readonly fix?: readonly FixStatement[];
}

export interface DriftReport {
  readonly domain: string;
  readonly database: string;
  /** schemas compared one by one (system schemas, created flow schemas, public) */
  readonly checked: readonly string[];
  readonly findings: readonly DriftFinding[];
  readonly drift: boolean;
}

export interface DriftOptions {
  readonly domain: string;
  /** URL of the domain's database (logged in as its init role, or any role that may read its catalogs): only read, never changed. */
  readonly connection: string;
  /** The scratch database expected schemas are built in, logged in as the domain's init role (a URL, or a function that returns one when first needed). */
  readonly scratch: ScratchSource;
  /** the scratch database's name, whose owner is the expected owner of the domain database (default `<domain>_drift`) */
  readonly driftDatabase?: string;
  readonly generated: string;
  /** only this schema (then neither the database nor the roles are checked) */
  readonly schema?: string;
  /** where a definition declares an object (`table`, `table.column`, an index or constraint name) */
  readonly positions?: (schema: string, object: string) => SourcePos | undefined;
  /**
   * Expected fingerprints by build key, read and added to: pass the same map
   * again (the CLI keeps it in .flowschema/cache/drift.json) to reuse them.
   * A key names everything a build depends on (the schema's migration
   * statements with its name taken out, the runtime's system migrations and
   * version, the domain's roles, the server version, DRIFT_CACHE_VERSION), so
   * a hit is what building would have produced.
   */
  readonly cache?: Map<string, string>;
}

const isSystem = (s: string) => (SYSTEM_SCHEMAS as readonly string[]).includes(s);

/**
 * Compares a domain database with what its applied migrations and its
 * bootstrap should have produced: every property pg_dump prints for every
 * object of its system schemas, created flow schemas and public; what the
 * database holds outside them (other schemas, extensions, event triggers,
 * publications, default privileges, settings…); the database's own owner,
 * privileges and settings; the domain's roles. In three steps:
 *  1. detection: the server fingerprints every schema in one query (the
 *     catalog queries of read/, whatever the number of schemas, hashed
 *     server-side: no object leaves the server); expected fingerprints come
 *     from the cache, keyed by what a build depends on, or from one build in
 *     the scratch database per distinct migration chain (flow schemas of one
 *     shape differ only by name, which fingerprints leave out);
 *  2. where fingerprints differ, the schema is built under its own name and
 *     compared object by object and property by property (an exact match is
 *     no drift: sharing can save work, never hide drift);
 *  3. each finding gets the statements that restore it (fix/).
 * History is checked too: pending, unknown and edited migrations, registry
 * entries without a schema, flow schemas without a registry entry. Never
 * writes to the live database.
 */
export async function checkDrift(options: DriftOptions): Promise<DriftReport> {
  const artifacts = readDomainArtifacts(options.generated, options.domain);
  const manifest = artifacts.manifest;
  const roles = rolesOf(options.domain);
  const findings: DriftFinding[] = [];
  const checked: string[] = [];
  const live = new pg.Client({ connectionString: options.connection });
  // A connection the server ends while idle (a restart, Ctrl-C stopping the embedded server) must not crash the process.
  live.on('error', () => {});
  await live.connect();
  try {
    // Read-only, and the catalogs are pg_catalog's whatever the role's settings say (a search_path with a
    // schema before pg_catalog could hold views that hide objects from the queries below).
    await live.query('SET search_path = pg_catalog, pg_temp; SET default_transaction_read_only = on');
    const first = (await live.query<{ ok: boolean; v: string }>(`SELECT to_regclass('sys_schemas.registry') IS NOT NULL AS ok, current_setting('server_version_num') AS v`)).rows[0]!;
    const serverVersion = first.v;
    if (!first.ok) {
      return { domain: options.domain, database: manifest.database, checked, findings: [{ schema: 'sys_schemas', kind: 'system schemas missing', object: 'sys_schemas', expected: 'created by the runtime', live: null }], drift: true };
    }
    const registry = (await live.query<RegistryRow>('SELECT schema_name, kind FROM sys_schemas.registry ORDER BY schema_name')).rows;
    const history = (await live.query<HistoryRow>('SELECT schema_name, migration_id, sha256 FROM sys_schemas.migration_history ORDER BY id')).rows;
    const stepsRecorded = (await live.query<{ ok: boolean }>(`SELECT to_regclass('sys_schemas.migration_steps') IS NOT NULL AS ok`)).rows[0]!.ok;
    const steps = stepsRecorded
      ? (await live.query<StepRow>(`SELECT s.schema_name, s.migration_id, array_agg(s.step ORDER BY s.step) AS steps, min(s.sha256) AS sha256 FROM sys_schemas.migration_steps s
           WHERE NOT EXISTS (SELECT FROM sys_schemas.migration_history h WHERE h.schema_name = s.schema_name AND h.migration_id = s.migration_id) GROUP BY 1, 2 ORDER BY 1, 2`)).rows
      : [];
    const existing = new Set((await live.query<{ nspname: string }>('SELECT nspname FROM pg_namespace')).rows.map((r) => r.nspname));
    const inScope = (s: string) => options.schema === undefined || s === options.schema;
    findings.push(...historyFindings(manifest, registry, history, existing, steps).filter((f) => inScope(f.schema)));

    const flows = registry.filter((r) => r.kind === 'flow').map((r) => r.schema_name);
    const targets = [...SYSTEM_SCHEMAS, ...flows, 'public'].filter((s) => existing.has(s) && inScope(s));
    checked.push(...targets);
    const wholeDatabase = options.schema === undefined;
    // Every schema flowschema knows of: the ones compared one by one, and manifest schemas the history check reports.
    const known = [...new Set([...SYSTEM_SCHEMAS, ...flows, ...manifest.schemas.map((s) => s.schema), 'public'])];
    const roleNames = [roles.init, roles.orchestration, roles.execution];
    // The server fingerprints the live schemas while the expected fingerprints are looked up or built in the
    // scratch database; for the whole database on two connections (the queries' two halves at once), for one
    // schema (--schema) on one, where a second login would cost more than it saves.
    const fingerprintLive = async () => {
      if (!wholeDatabase) return readSchemaFingerprints(live, targets);
      const helper = new pg.Client({ connectionString: options.connection });
      helper.on('error', () => {});
      const connected = await helper.connect().then(() => true, () => false);
      try {
        return await readSchemaFingerprints(live, targets, connected ? helper : undefined);
      } finally {
        if (connected) await helper.end().catch(() => {});
      }
    };
    const livePrintsRead = fingerprintLive();
    livePrintsRead.catch(() => {}); // awaited below; not left unhandled when the expected side fails first
    const migrations = appliedMigrations(artifacts, history, await partlyApplied(artifacts, steps));
    // Everything an expected build depends on but the schema's own migrations.
    const base = [DRIFT_CACHE_VERSION, serverVersion, options.domain, RUNTIME_VERSION, sha256(SYSTEM_MIGRATIONS.map((m) => m.sql).join('\0'))].join('\0');
    const buildKey = (schema: string) =>
      isSystem(schema) || schema === 'public'
        ? sha256(`${base}\0system\0${schema}`)
        : // Header comments name the flow and its file: only the statements matter, with the schema's name taken out.
          sha256(`${base}\0flow\0${migrations(schema).map((m) => withoutName(statementsOf(m.sql()), quoteIdent(schema))).join('\u0001')}`);
    const databaseKey = sha256(`${base}\0database`);

    const cache = options.cache ?? new Map<string, string>();
    const scratch = new ScratchBuilds(options.scratch, options.domain, options.generated);
    try {
      // 1. Expected fingerprints: cached, or one build per key not cached yet.
      const keys = new Map(targets.map((s) => [s, buildKey(s)]));
      const representatives = new Map<string, string>();
      for (const [schema, key] of keys) if (cache.get(key) === undefined && !representatives.has(key)) representatives.set(key, schema);
      if (representatives.size) {
        for (const schema of representatives.values()) if (!isSystem(schema) && schema !== 'public') await scratch.build(schema, migrations(schema));
        const built = await scratch.fingerprints([...representatives.values()]);
        for (const [key, schema] of representatives) cache.set(key, built.get(schema) ?? '');
      }
      const livePrints = await livePrintsRead;
      const liveDatabase = wholeDatabase ? await readDatabaseState(live, known, roleNames) : undefined;
      const suspects = targets.filter((s) => (livePrints.get(s) ?? '') !== cache.get(keys.get(s)!));

      // 2. Suspects, built under their own names and compared exactly, property by property.
      if (suspects.length) {
        for (const schema of suspects) if (!isSystem(schema) && schema !== 'public' && !scratch.has(schema)) await scratch.build(schema, migrations(schema));
        const expected = await scratch.states(suspects);
        const actual = await readSchemaStates(live, suspects);
        for (const schema of suspects) {
          const e = expected.get(schema)!;
          const a = actual.get(schema)!;
          let changes = compareStates(e, a);
          // A whole schema on one side only: that is the finding, not each object in it.
          const whole = changes.find((f) => f.kind === 'schema added' || f.kind === 'schema dropped');
          if (whole) changes = [whole];
          // The expected state comes from the history: when the history itself is wrong, a fix made from it would be too.
          const fixable = !findings.some((f) => f.schema === schema && HISTORY_KINDS.has(f.kind));
          for (const f of fixable ? withFixes(changes, e, a, roles.init, manifest.database) : changes) {
            const definition = options.positions?.(schema, f.object);
            findings.push({ schema, ...f, ...(definition && { definition }) });
          }
        }
      }

      // The database outside the schemas: like the drift database, which bootstrap made the same way.
      if (liveDatabase) {
        let scratchDatabase: ObjectState | undefined;
        const expectedObjects = async () => (scratchDatabase ??= (await scratch.database(known, roleNames)).objects);
        if (cache.get(databaseKey) === undefined) cache.set(databaseKey, fingerprint(await expectedObjects()));
        if (fingerprint(liveDatabase.objects) !== cache.get(databaseKey)) {
          const expected = await expectedObjects();
          findings.push(...withFixes(compareStates(expected, liveDatabase.objects), expected, liveDatabase.objects, roles.init, manifest.database).map((f) => ({ schema: DATABASE, ...f })));
        }
        // The database itself and the roles: as bootstrap leaves them.
        const wanted = await expectedDatabase(live, options.domain, roles, options.driftDatabase ?? driftDatabaseNameOf(options.domain));
        if (wanted) {
          const one = (row: typeof wanted): ObjectState => ({ objects: new Map([[keyOf(row), { kind: row.kind, name: row.name, parent: null, props: row.props }]]) });
          const [e, a] = [one(wanted), one(liveDatabase.database)];
          findings.push(...withFixes(compareStates(e, a), e, a, roles.init, manifest.database).map((f) => ({ schema: DATABASE, ...f })));
        }
        const roleStates = await readRoleStates(live, options.domain, roles);
        findings.push(...withFixes(compareStates(roleStates.expected, roleStates.live), roleStates.expected, roleStates.live, roles.init, manifest.database).map((f) => ({ schema: SERVER, ...f })));
      }
    } finally {
      await scratch.close();
    }
  } finally {
    await live.end();
  }
  const order = (f: DriftFinding) => `${f.schema}\0${f.kind}\0${f.object}\0${f.property ?? ''}`;
  findings.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  return { domain: options.domain, database: manifest.database, checked, findings, drift: findings.length > 0 };
}

const statementsOf = (sql: string) => sql.split('\n').filter((line) => !line.startsWith('--')).join('\n');

/** Text with a schema's name replaced, to compare schemas that differ only by name. */
function withoutName(text: string, schema: string): string {
  return text.split(schema).join('\u0000');
}
