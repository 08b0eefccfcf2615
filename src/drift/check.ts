import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { sha256, type Manifest } from '../artifacts/index.ts';
import { quoteIdent, type SourcePos } from '../model/index.ts';
import { createRuntime, rolesOf, SYSTEM_SCHEMAS } from '../runtime/index.ts';
import { readLiveSchema } from './catalog.ts';
import { compareSchemas, fingerprint, type Finding, type SchemaState } from './compare.ts';
import { readSchemaExtras } from './extras.ts';

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
  /** URL of the domain's database: only read, never changed. */
  readonly connection: string;
  /** URL of an empty scratch database the expected schemas are built in. */
  readonly scratch: string;
  readonly generated: string;
  /** only this schema */
  readonly schema?: string;
  /** where a definition declares an object (`table`, `table.column`, an index or constraint name) */
  readonly positions?: (schema: string, object: string) => SourcePos | undefined;
  /** explain differences with SQL from @pgkit/migra (default true) */
  readonly explain?: boolean;
}

/**
 * Compares a domain database with what its applied migrations should have
 * produced. The expected schemas are built in `scratch` by the runtime itself
 * (same roles, same default privileges, the same migration files), read with
 * the same catalog queries, and compared by fingerprint first; only schemas
 * whose fingerprints differ are explained object by object, with the SQL that
 * would restore them. History is checked too: pending, unknown and edited
 * migrations, registry entries without a schema, flow schemas without a
 * registry entry. Never writes to the live database.
 */
export async function checkDrift(options: DriftOptions): Promise<DriftReport> {
  const manifest = JSON.parse(readFileSync(join(options.generated, options.domain, 'manifest.json'), 'utf8')) as Manifest;
  const live = new pg.Client({ connectionString: options.connection });
  await live.connect();
  const findings: DriftFinding[] = [];
  const checked: string[] = [];
  try {
    await live.query('SET default_transaction_read_only = on');
    const hasSystem = (await live.query(`SELECT to_regclass('sys_schemas.registry') IS NOT NULL AS ok`)).rows[0].ok as boolean;
    if (!hasSystem) {
      return { domain: options.domain, database: manifest.database, checked, findings: [{ schema: 'sys_schemas', kind: 'system schemas missing', object: 'sys_schemas', expected: 'created by the runtime', live: null }], drift: true };
    }
    const registry = (await live.query<{ schema_name: string; kind: string; flow_key: string | null }>('SELECT schema_name, kind, flow_key FROM sys_schemas.registry ORDER BY schema_name')).rows;
    const history = (await live.query<{ schema_name: string; migration_id: string; sha256: string }>('SELECT schema_name, migration_id, sha256 FROM sys_schemas.migration_history ORDER BY id')).rows;
    const existing = new Set((await live.query<{ nspname: string }>('SELECT nspname FROM pg_namespace')).rows.map((r) => r.nspname));

    // History.
    const flowSchemas = registry.filter((r) => r.kind === 'flow');
    for (const r of registry) if (!existing.has(r.schema_name)) findings.push({ schema: r.schema_name, kind: 'schema missing', object: r.schema_name, expected: 'in the registry', live: null });
    for (const entry of manifest.schemas)
      if (existing.has(entry.schema) && !registry.some((r) => r.schema_name === entry.schema))
        findings.push({ schema: entry.schema, kind: 'schema not in registry', object: entry.schema, expected: null, live: 'exists' });
    for (const r of flowSchemas) {
      const entry = manifest.schemas.find((s) => s.schema === r.schema_name);
      if (!entry) continue;
      const applied = history.filter((h) => h.schema_name === r.schema_name);
      for (const h of applied) {
        const m = entry.migrations.find((x) => x.id === h.migration_id);
        if (!m) findings.push({ schema: r.schema_name, kind: 'migration unknown', object: h.migration_id, expected: null, live: 'applied' });
        else if (m.sha256 !== h.sha256) findings.push({ schema: r.schema_name, kind: 'checksum mismatch', object: h.migration_id, expected: m.sha256, live: h.sha256 });
      }
      for (const m of entry.migrations)
        if (!applied.some((h) => h.migration_id === m.id)) findings.push({ schema: r.schema_name, kind: 'migration pending', object: m.id, expected: 'applied', live: null });
    }

    // Expected schemas, built by the runtime in the scratch database from the migrations the live one applied.
    const targets = [...SYSTEM_SCHEMAS, ...flowSchemas.map((r) => r.schema_name)].filter((s) => existing.has(s) && (options.schema === undefined || s === options.schema));
    // Built the way the live database was: with the domain's roles when its system schemas belong to the init role.
    const roles = rolesOf(options.domain);
    const owner = (await live.query<{ owner: string }>(`SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = 'sys_schemas'`)).rows[0]?.owner;
    const withRoles = owner === roles.init;
    const scratchRuntime = createRuntime({ domain: options.domain, connection: options.scratch, generated: options.generated, roles: withRoles });
    const scratch = new pg.Client({ connectionString: options.scratch });
    await scratch.connect();
    try {
      await scratchRuntime.start();
      const files = new Map<string, string[]>();
      const migrationsOf = (schema: string): string[] => {
        let texts = files.get(schema);
        if (texts) return texts;
        const entry = manifest.schemas.find((s) => s.schema === schema);
        texts = !entry
          ? []
          : history
              .filter((x) => x.schema_name === schema)
              .flatMap((h) => entry.migrations.filter((x) => x.id === h.migration_id))
              .map((m) => readFileSync(join(options.generated, options.domain, m.file), 'utf8'));
        files.set(schema, texts);
        return texts;
      };
      const build = async (schema: string) => {
        for (const sql of migrationsOf(schema)) await scratch.query(`BEGIN; ${withRoles ? `SET LOCAL ROLE ${quoteIdent(roles.init)};` : ''} ${sql}\n; COMMIT;`);
      };
      const state = async (c: pg.Client, schema: string): Promise<SchemaState> => ({ catalog: await readLiveSchema(c, schema), extras: await readSchemaExtras(c, schema) });
      // Flow schemas whose applied migrations are the same but for the schema name (many flows of one
      // shape) share one expected build: its fingerprint with the schema name taken out is compared.
      // Anything that does not match that way is built and compared exactly, so sharing can only
      // save work, never hide drift.
      const built = new Map<string, SchemaState>();
      const shared = new Map<string, { schema: string; print: string }>();
      const isSystem = (s: string) => (SYSTEM_SCHEMAS as readonly string[]).includes(s);
      const drifted: string[] = [];
      for (const schema of targets) {
        checked.push(schema);
        const actual = await state(live, schema);
        if (!isSystem(schema)) {
          // Header comments name the flow and its file: only the statements matter.
          const statements = (sql: string) => sql.split('\n').filter((line) => !line.startsWith('--')).join('\n');
          const key = sha256(migrationsOf(schema).map((sql) => statements(sql).split(quoteIdent(schema)).join('\u0000')).join('\u0001'));
          let representative = shared.get(key);
          if (!representative) {
            await build(schema);
            built.set(schema, await state(scratch, schema));
            representative = { schema, print: withoutName(fingerprint(built.get(schema)!), schema) };
            shared.set(key, representative);
          }
          if (withoutName(fingerprint(actual), schema) === representative.print) continue;
          if (!built.has(schema)) {
            await build(schema);
            built.set(schema, await state(scratch, schema));
          }
        }
        const expected = built.get(schema) ?? (await state(scratch, schema));
        if (fingerprint(expected) === fingerprint(actual)) continue;
        drifted.push(schema);
        for (const f of compareSchemas(expected, actual)) {
          const definition = options.positions?.(schema, f.object);
          findings.push({ schema, ...f, ...(definition && { definition }) });
        }
      }
      if (drifted.length && options.explain !== false) await attachFixes(findings, drifted, options.connection, options.scratch);
    } finally {
      await scratch.end();
      await scratchRuntime.close();
    }
  } finally {
    await live.end();
  }
  const order = (f: DriftFinding) => `${f.schema}\0${f.kind}\0${f.object}`;
  findings.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  return { domain: options.domain, database: manifest.database, checked, findings, drift: findings.length > 0 };
}

/** Migra's statements (live -> expected) for each drifted schema, given to the findings they mention. */
async function attachFixes(findings: DriftFinding[], schemas: readonly string[], liveUrl: string, expectedUrl: string): Promise<void> {
  const [{ createClient }, { run }] = await Promise.all([import('@pgkit/client'), import('@pgkit/migra')]);
  const from = createClient(liveUrl);
  const to = createClient(expectedUrl);
  try {
    for (const schema of schemas) {
      const statements = [...(await run(from, to, { schema, unsafe: true })).statements].map(String).map((s) => s.trim()).filter(Boolean);
      for (const [i, f] of findings.entries()) {
        if (f.schema !== schema) continue;
        const name = f.object.split('.').at(-1)!;
        const fix = statements.filter((s) => s.includes(`"${name}"`) || s.includes(` ${name} `) || s.includes(`.${name}`));
        if (fix.length) findings[i] = { ...f, fix };
      }
    }
  } finally {
    await from.end();
    await to.end();
  }
}

/** A fingerprint with its schema's name replaced, to compare schemas that differ only by name. */
function withoutName(print: string, schema: string): string {
  return print.split(schema).join('\u0000');
}
