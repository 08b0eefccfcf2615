import type pg from 'pg';
import { quoteLiteral } from '../../model/index.ts';
import { statesOf, type ObjectRow, type ObjectState } from '../objects.ts';
import { indexParts } from './index-def.ts';
import { COLUMNS_SQL, RELATIONS_SQL } from './relations.ts';
import { OTHER_OBJECTS_SQL, ROUTINES_SQL, SCHEMA_SQL, TYPES_SQL } from './routines-types.ts';
import { CONSTRAINTS_SQL, INDEXES_SQL, POLICIES_SQL, RULES_SQL, STATISTICS_SQL, TRIGGERS_SQL } from './table-parts.ts';

const QUERIES = [RELATIONS_SQL, COLUMNS_SQL, CONSTRAINTS_SQL, INDEXES_SQL, TRIGGERS_SQL, RULES_SQL, POLICIES_SQL, STATISTICS_SQL, ROUTINES_SQL, TYPES_SQL, OTHER_OBJECTS_SQL, SCHEMA_SQL];

/**
 * Runs `read` in one read-only, repeatable-read transaction (every query sees
 * the same snapshot) with the search path pinned to pg_catalog: names outside
 * pg_catalog come out schema-qualified, and no object in another schema can
 * stand in for a catalog. The connection's own settings are left as they were.
 * `forFixes` false: what only fixes need is not computed (sql-parts forFixes).
 */
export async function inCatalogSnapshot<T>(client: pg.Client | pg.PoolClient, read: () => Promise<T>, forFixes = true): Promise<T> {
  await client.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL search_path = pg_catalog, pg_temp; SET LOCAL flowschema.drift_fix = ${forFixes ? 'on' : 'off'}`);
  try {
    const result = await read();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/**
 * Every object of any number of schemas, with what pg_dump prints for it, in
 * a dozen queries whatever their number (a query per schema would scan the
 * catalogs once per schema: quadratic in a domain with hundreds of flow
 * schemas).
 */
export async function readSchemaStates(client: pg.Client | pg.PoolClient, schemas: readonly string[]): Promise<Map<string, ObjectState>> {
  if (schemas.length === 0) return new Map();
  const rows = await inCatalogSnapshot(client, async () => {
    const all: ObjectRow[] = [];
    for (const sql of QUERIES) all.push(...(await client.query<ObjectRow>(sql, [schemas])).rows);
    for (const row of all) if (row.kind === 'index') Object.assign(row.props, indexParts(row.props._create ?? '', row.props.method ?? ''));
    return all;
  });
  return statesOf(schemas, rows);
}

/**
 * Hidden properties a fingerprint leaves out: names the fix planner quotes
 * (the object's own name is its key) and internal trigger names, which hold
 * OIDs that differ between two equal databases. A column's `_position` and
 * an index's `_create` stay in: the order of a table's columns and an
 * index's key columns are compared (src/drift/read/index-def.ts reads them
 * from `_create`). test/unit/drift-fingerprint.test.ts checks that every
 * hidden property of the queries is listed here or kept on purpose.
 */
export const UNFINGERPRINTED = ['_target', '_column', '_database', '_databases', '_disabled triggers', '_identity', '_kind', '_name', '_objects', '_on', '_role', '_schema', '_table', '_type storage'];

/** Two groups of about equal cost (columns and relations, indexes and constraints), so that two connections can share the work. */
const GROUP_A = [COLUMNS_SQL, RELATIONS_SQL, TYPES_SQL, SCHEMA_SQL];
const FINGERPRINT_GROUPS = [GROUP_A, QUERIES.filter((q) => !GROUP_A.includes(q))];

const fingerprintSql = (queries: readonly string[]) => `
SELECT schema, encode(sha256(convert_to(string_agg(
         replace(kind || ':' || name || '|' || coalesce(parent, '') || '|' || (props - $2::text[])::text, schema, ''),
         E'\\n' ORDER BY kind COLLATE "C", name COLLATE "C"), 'UTF8')), 'hex') AS print
  FROM (${queries.map((q) => `(${q})`).join('\nUNION ALL\n')}) q
 GROUP BY schema`;
const FINGERPRINTS_SQL = FINGERPRINT_GROUPS.map(fingerprintSql);

/**
 * One fingerprint per schema, computed by the server: the same rows
 * readSchemaStates reads (jsonb prints its keys in one canonical order), with
 * the schema's own name taken out, so that schemas built by the same
 * migrations fingerprint alike; 64 bytes per schema leave the server instead
 * of every object. With a second connection to the same database, the two
 * halves run at once in one snapshot (exported by the first, taken by the
 * second): the catalog work is the check's cost at hundreds of schemas.
 */
export async function readSchemaFingerprints(client: pg.Client | pg.PoolClient, schemas: readonly string[], second?: pg.Client | pg.PoolClient): Promise<Map<string, string>> {
  if (schemas.length === 0) return new Map();
  const run = (c: pg.Client | pg.PoolClient, sql: string) => c.query<{ schema: string; print: string }>(sql, [schemas, UNFINGERPRINTED]).then((r) => r.rows);
  const both = async (): Promise<{ schema: string; print: string }[][]> => {
    if (!second) return [await run(client, FINGERPRINTS_SQL[0]!), await run(client, FINGERPRINTS_SQL[1]!)];
    const snapshot = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]!.id;
    await second.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      await second.query(`SET TRANSACTION SNAPSHOT ${quoteLiteral(snapshot)}`);
      await second.query("SET LOCAL search_path = pg_catalog, pg_temp; SET LOCAL flowschema.drift_fix = 'off'");
      return await Promise.all([run(second, FINGERPRINTS_SQL[0]!), run(client, FINGERPRINTS_SQL[1]!)]);
    } finally {
      await second.query('COMMIT').catch(() => {});
    }
  };
  const halves = await inCatalogSnapshot(client, both, false);
  const prints = new Map<string, string>();
  for (const half of halves) for (const r of half) prints.set(r.schema, `${prints.get(r.schema) ?? ''}${r.print}`);
  return prints;
}
