import pg from 'pg';
import { sha256 } from '../artifacts/index.ts';
import { quoteIdent, type SourcePos } from '../model/index.ts';
import { readDomainArtifacts, RUNTIME_VERSION, SYSTEM_MIGRATIONS, SYSTEM_SCHEMAS, type DomainArtifacts, type MigrationFile } from '../runtime/index.ts';
import { DRIFT_CACHE_VERSION } from './cache-version.ts';
import { compareSchemas, fingerprint, type Finding } from './compare.ts';
import { explainer } from './explain.ts';
import { historyFindings, type HistoryRow, type RegistryRow } from './history.ts';
import { ScratchBuilds, type ScratchSource } from './scratch.ts';
import { readSchemaStates } from './state.ts';

export interface DriftFinding extends Finding {
  readonly schema: string;
  /** the definition that declares the object, when one does */
  readonly definition?: SourcePos;
  /** SQL that would restore the expected state (from @pgkit/migra) */
  readonly fix?: readonly string[];
}

export interface DriftReport {
  readonly domain: string;
  readonly database: string;
  /** schemas compared (system schemas and created flow schemas) */
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
  readonly generated: string;
  /** only this schema */
  readonly schema?: string;
  /** where a definition declares an object (`table`, `table.column`, an index or constraint name) */
  readonly positions?: (schema: string, object: string) => SourcePos | undefined;
  /** explain differences with SQL from @pgkit/migra (default true) */
  readonly explain?: boolean;
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
 * Compares a domain database with what its applied migrations should have
 * produced, in three steps:
 *  1. detection: every checked schema's live catalog is read in a handful of
 *     queries and fingerprinted; the expected fingerprint comes from the
 *     cache, keyed by what the schema's build depends on, or from one build
 *     in the scratch database per distinct migration chain (flow schemas of
 *     one shape differ only by name, which fingerprints leave out);
 *  2. where fingerprints differ, the schema is built under its own name and
 *     compared object by object (an exact match there is no drift: sharing
 *     can save work, never hide drift);
 *  3. those findings get the SQL that restores the expected state, from
 *     @pgkit/migra reading only the drifted schemas.
 * History is checked too: pending, unknown and edited migrations, registry
 * entries without a schema, flow schemas without a registry entry. Never
 * writes to the live database.
 */
export async function checkDrift(options: DriftOptions): Promise<DriftReport> {
  const artifacts = readDomainArtifacts(options.generated, options.domain);
  const manifest = artifacts.manifest;
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
    const hasSystem = (await live.query(`SELECT to_regclass('sys_schemas.registry') IS NOT NULL AS ok`)).rows[0].ok as boolean;
    if (!hasSystem) {
      return { domain: options.domain, database: manifest.database, checked, findings: [{ schema: 'sys_schemas', kind: 'system schemas missing', object: 'sys_schemas', expected: 'created by the runtime', live: null }], drift: true };
    }
    const registry = (await live.query<RegistryRow>('SELECT schema_name, kind FROM sys_schemas.registry ORDER BY schema_name')).rows;
    const history = (await live.query<HistoryRow>('SELECT schema_name, migration_id, sha256 FROM sys_schemas.migration_history ORDER BY id')).rows;
    const existing = new Set((await live.query<{ nspname: string }>('SELECT nspname FROM pg_namespace')).rows.map((r) => r.nspname));
    const inScope = (s: string) => options.schema === undefined || s === options.schema;
    findings.push(...historyFindings(manifest, registry, history, existing).filter((f) => inScope(f.schema)));

    const targets = [...SYSTEM_SCHEMAS, ...registry.filter((r) => r.kind === 'flow').map((r) => r.schema_name)].filter((s) => existing.has(s) && inScope(s));
    checked.push(...targets);
    const actual = await readSchemaStates(live, targets);

    const serverVersion = (await live.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`)).rows[0]!.v;
    const migrations = appliedMigrations(artifacts, history);
    // Everything an expected build depends on but the schema's own migrations.
    const base = [DRIFT_CACHE_VERSION, serverVersion, options.domain, RUNTIME_VERSION, sha256(SYSTEM_MIGRATIONS.map((m) => m.sql).join('\0'))].join('\0');
    const keyOf = (schema: string) =>
      isSystem(schema)
        ? sha256(`${base}\0system\0${schema}`)
        : // Header comments name the flow and its file: only the statements matter, with the schema's name taken out.
          sha256(`${base}\0flow\0${migrations(schema).map((m) => withoutName(statementsOf(m.sql()), quoteIdent(schema))).join('\u0001')}`);

    const cache = options.cache ?? new Map<string, string>();
    const scratch = new ScratchBuilds(options.scratch, options.domain, options.generated);
    try {
      // 1. Expected fingerprints: cached, or one build per key not cached yet.
      const keys = new Map(targets.map((s) => [s, keyOf(s)]));
      const representatives = new Map<string, string>();
      for (const [schema, key] of keys) if (cache.get(key) === undefined && !representatives.has(key)) representatives.set(key, schema);
      if (representatives.size) {
        for (const schema of representatives.values()) if (!isSystem(schema)) await scratch.build(schema, migrations(schema));
        const built = await scratch.states([...representatives.values()]);
        for (const [key, schema] of representatives) cache.set(key, withoutName(fingerprint(built.get(schema)!), schema));
      }
      const suspects = targets.filter((s) => withoutName(fingerprint(actual.get(s)!), s) !== cache.get(keys.get(s)!));

      // 2. Suspects, built under their own names and compared exactly.
      const drifted: string[] = [];
      let explanation: ReturnType<typeof explainer> | undefined;
      if (suspects.length) {
        explanation = options.explain !== false ? explainer(live, suspects) : undefined;
        for (const schema of suspects) if (!isSystem(schema) && !scratch.has(schema)) await scratch.build(schema, migrations(schema));
        const expected = await scratch.states(suspects);
        for (const schema of suspects) {
          const e = expected.get(schema)!;
          const a = actual.get(schema)!;
          if (fingerprint(e) === fingerprint(a)) continue;
          drifted.push(schema);
          for (const f of compareSchemas(e, a)) {
            const definition = options.positions?.(schema, f.object);
            findings.push({ schema, ...f, ...(definition && { definition }) });
          }
        }
      }

      // 3. The SQL that restores them.
      if (drifted.length && explanation) await explanation.attach(findings, drifted, await scratch.connection());
      else await explanation?.settle();
    } finally {
      await scratch.close();
    }
  } finally {
    await live.end();
  }
  const order = (f: DriftFinding) => `${f.schema}\0${f.kind}\0${f.object}`;
  findings.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  return { domain: options.domain, database: manifest.database, checked, findings, drift: findings.length > 0 };
}

/** The migration files a live schema applied, in the order it applied them. */
function appliedMigrations(artifacts: DomainArtifacts, history: readonly HistoryRow[]): (schema: string) => readonly MigrationFile[] {
  const entries = new Map(artifacts.manifest.schemas.map((s) => [s.schema, s]));
  const applied = new Map<string, string[]>();
  for (const h of history) applied.set(h.schema_name, [...(applied.get(h.schema_name) ?? []), h.migration_id]);
  const files = new Map<string, readonly MigrationFile[]>();
  return (schema) => {
    let list = files.get(schema);
    if (list) return list;
    const entry = entries.get(schema);
    const known = new Map(entry ? artifacts.migrations(entry).map((m) => [m.id, m]) : []);
    list = (applied.get(schema) ?? []).flatMap((id) => known.get(id) ?? []);
    files.set(schema, list);
    return list;
  };
}

const statementsOf = (sql: string) => sql.split('\n').filter((line) => !line.startsWith('--')).join('\n');

/** Text with a schema's name replaced, to compare schemas that differ only by name. */
function withoutName(text: string, schema: string): string {
  return text.split(schema).join('\u0000');
}
