import pg from 'pg';
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

type Inspector = { load_all_async(): Promise<void>; execute(name: string): Promise<unknown[]>; schemas: Record<string, unknown>; tables: Record<string, unknown> } & Record<string, unknown>;

/**
 * A schemainspect inspector over an open pg connection (the drift check's
 * own, its catalog caches already warm), reading only `schemas` when its
 * queries can be narrowed (`narrowed`), else the whole database. Rows are
 * typed as @pgkit/client would give them (its recommended type parsers):
 * its own client costs ~10 ms a query more and a cold connection.
 */
export async function inspect(client: pg.Client, schemas: readonly string[]): Promise<{ inspector: Inspector; narrowed: boolean }> {
  const [{ applyRecommendedTypeParsers }, { PostgreSQL }] = await Promise.all([import('@pgkit/client'), import('@pgkit/schemainspect')]);
  const types = new pg.TypeOverrides();
  applyRecommendedTypeParsers({ setTypeParser: (id: number, parse: (value: string) => unknown) => types.setTypeParser(id, parse), builtins: pg.types.builtins } as never);
  const connection = { any: async (query: { sql: string }) => (await client.query({ text: query.sql, types })).rows };
  const version = (await client.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0]!.v;
  // The constructor is private in its types; `create` would load everything before we could narrow it.
  const Inspect = PostgreSQL as unknown as new (connection: unknown, serverVersion: string) => Inspector;
  const inspector = new Inspect(connection, version);
  const only = `(${schemas.map((s) => `'${s.replaceAll("'", "''")}'`).join(', ')})`;
  const narrowedQueries = new Map<string, string>();
  let clauses = 0;
  for (const key of Object.keys(inspector)) {
    const query = inspector[key];
    if (!key.endsWith('_QUERY') || typeof query !== 'string') continue;
    narrowedQueries.set(
      key,
      query.replace(INTERNAL_SCHEMAS, (_, column: string) => {
        clauses++;
        return `${column} IN ${only}`;
      }),
    );
  }
  const narrowed = clauses >= CLAUSES_IN_PINNED_VERSION;
  if (narrowed) for (const [key, query] of narrowedQueries) inspector[key] = query;
  // Its own `execute` wraps each query in @pgkit/client's `sql.raw`, which parses the SQL text
  // (pgsql-ast-parser) only to give the query a nickname: ~200 ms of the ~15 queries. Same work without it.
  inspector.execute = async (name: string) => {
    const rows = await connection.any({ sql: inspector[name] as string });
    (inspector.queryResults as Record<string, unknown>)[name] = rows;
    return rows;
  };
  await inspector.load_all_async();
  return { inspector, narrowed };
}

/**
 * Explains the suspects' differences with migra's statements (live ->
 * expected). The live side is read as soon as the suspects are known, while
 * their expected schemas are still being built; `attach` then reads the
 * expected side and gives each finding of a drifted schema the statements
 * that mention its object. `settle` waits for the live read when nothing
 * turned out to need explaining.
 */
export function explainer(live: pg.Client, suspects: readonly string[]) {
  const from = inspect(live, suspects);
  from.catch(() => {}); // awaited by attach or settle
  return {
    async attach(findings: DriftFinding[], drifted: readonly string[], expected: pg.Client): Promise<void> {
      const [{ run }, to] = await Promise.all([import('@pgkit/migra'), inspect(expected, suspects)]);
      const statements = [...(await run((await from).inspector as never, to.inspector as never, { unsafe: true, ...(suspects.length === 1 && { schema: suspects[0] }) })).statements]
        .map(String)
        .map((s) => s.trim())
        .filter(Boolean);
      for (const schema of drifted) {
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
    },
    async settle(): Promise<void> {
      await from.catch(() => {});
    },
  };
}
