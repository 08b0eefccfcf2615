import type pg from 'pg';
import { statesOf, type ObjectRow, type ObjectState } from '../objects.ts';
import { COLUMNS_SQL, RELATIONS_SQL } from './relations.ts';
import { OTHER_OBJECTS_SQL, ROUTINES_SQL, SCHEMA_SQL, TYPES_SQL } from './routines-types.ts';
import { CONSTRAINTS_SQL, INDEXES_SQL, POLICIES_SQL, RULES_SQL, STATISTICS_SQL, TRIGGERS_SQL } from './table-parts.ts';

const QUERIES = [RELATIONS_SQL, COLUMNS_SQL, CONSTRAINTS_SQL, INDEXES_SQL, TRIGGERS_SQL, RULES_SQL, POLICIES_SQL, STATISTICS_SQL, ROUTINES_SQL, TYPES_SQL, OTHER_OBJECTS_SQL, SCHEMA_SQL];

/**
 * Runs `read` in one read-only, repeatable-read transaction (every query sees
 * the same snapshot) with the search path pinned to pg_catalog: names outside
 * pg_catalog come out schema-qualified, and no object in another schema can
 * stand in for a catalog. The connection's own settings are left as they were.
 */
export async function inCatalogSnapshot<T>(client: pg.Client | pg.PoolClient, read: () => Promise<T>): Promise<T> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL search_path = pg_catalog, pg_temp');
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
    return all;
  });
  return statesOf(schemas, rows);
}
