import type { DriftFinding } from './check.ts';

/**
 * @pgkit/schemainspect reads the whole database (16 s for 500 schemas here)
 * even when migra is asked for one schema, and filters afterwards. Its
 * queries skip PostgreSQL's internal schemas with `<column> not in
 * ('pg_catalog', …)` clauses; narrowing those clauses to the drifted schemas
 * makes it read only them. Matched against the pinned version's query text;
 * when fewer clauses match than that version has, the whole database is read
 * as before (slower, same answer).
 */
const INTERNAL_SCHEMAS = /([\w.]+) not in \('(?:pg_internal', ')?pg_catalog', 'information_schema', 'pg_toast'(?:, 'pg_temp_1', 'pg_toast_temp_1')?\)/g;
const CLAUSES_IN_PINNED_VERSION = 12;

type Inspector = { load_all_async(): Promise<void>; schemas: Record<string, unknown> } & Record<string, unknown>;
type Client = import('@pgkit/client').Client;

/** A schemainspect inspector loaded with only `schemas`, or undefined when its queries are not the ones expected. */
export async function narrowedInspector(client: Client, schemas: readonly string[]): Promise<Inspector | undefined> {
  const [{ sql }, { PostgreSQL }] = await Promise.all([import('@pgkit/client'), import('@pgkit/schemainspect')]);
  const version = await client.oneFirst(sql`SELECT current_setting('server_version')`);
  // The constructor is private in its types; `create` would load everything before we could narrow it.
  const Inspect = PostgreSQL as unknown as new (connection: unknown, serverVersion: string) => Inspector;
  const inspector = new Inspect(client, String(version));
  const only = `(${schemas.map((s) => `'${s.replaceAll("'", "''")}'`).join(', ')})`;
  let clauses = 0;
  for (const key of Object.keys(inspector)) {
    const query = inspector[key];
    if (!key.endsWith('_QUERY') || typeof query !== 'string') continue;
    inspector[key] = query.replace(INTERNAL_SCHEMAS, (_, column: string) => {
      clauses++;
      return `${column} IN ${only}`;
    });
  }
  if (clauses < CLAUSES_IN_PINNED_VERSION) return undefined;
  await inspector.load_all_async();
  return inspector;
}

/** Starts loading migra's modules (~150 ms) while other work goes on. */
export function preloadExplainer(): void {
  void Promise.all([import('@pgkit/client'), import('@pgkit/migra'), import('@pgkit/schemainspect')]).catch(() => {});
}

/** Migra's statements (live -> expected) for the drifted schemas, given to the findings they mention. */
export async function attachFixes(findings: DriftFinding[], schemas: readonly string[], liveUrl: string, expectedUrl: string): Promise<void> {
  const [{ createClient }, { run }] = await Promise.all([import('@pgkit/client'), import('@pgkit/migra')]);
  const inspect = async (client: ReturnType<typeof createClient>) => (await narrowedInspector(client, schemas)) ?? client;
  const from = createClient(liveUrl);
  const to = createClient(expectedUrl);
  try {
    const [a, b] = await Promise.all([inspect(from), inspect(to)]);
    const statements = [...(await run(a as never, b as never, { unsafe: true, ...(schemas.length === 1 && { schema: schemas[0] }) })).statements]
      .map(String)
      .map((s) => s.trim())
      .filter(Boolean);
    for (const schema of schemas) {
      // Quoted by migra, bare in PostgreSQL's own deparsed definitions (CREATE INDEX … ON s.t).
      const escaped = schema.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const qualifier = new RegExp(`(^|[^\\w"])("${escaped.replaceAll('"', '""')}"|${escaped})\\.`);
      const own = statements.filter((s) => qualifier.test(s));
      for (const [i, f] of findings.entries()) {
        if (f.schema !== schema) continue;
        const name = f.object.split('.').at(-1)!;
        // migra rebuilds a changed enum under a temporary name it drops at the end
        const fix = own.filter((s) => s.includes(`"${name}"`) || s.includes(` ${name} `) || s.includes(`.${name}`) || s.includes(`"${name}__old_version_to_be_dropped"`));
        if (fix.length) findings[i] = { ...f, fix };
      }
    }
  } finally {
    await from.end();
    await to.end();
  }
}
