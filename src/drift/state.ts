import type pg from 'pg';
import { readLiveSchemas } from './catalog.ts';
import type { SchemaState } from './compare.ts';
import { readSchemasExtras } from './extras.ts';

/** The catalog state of any number of schemas in five queries. */
export async function readSchemaStates(client: pg.Client | pg.PoolClient, schemas: readonly string[]): Promise<Map<string, SchemaState>> {
  if (schemas.length === 0) return new Map();
  const catalogs = await readLiveSchemas(client, schemas);
  const extras = await readSchemasExtras(client, schemas);
  return new Map(schemas.map((s) => [s, { catalog: catalogs.get(s)!, extras: extras.get(s)! }]));
}
