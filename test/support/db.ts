import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabase, databaseUrl, dropDatabase } from '../../src/db/index.ts';

export function serverUrl(): string {
  return inject('pgUrl');
}

/**
 * A fresh database for one test file (or one case), dropped by `drop()`.
 * Names are random so files running in parallel never share one.
 */
export async function freshDatabase(label: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `t_${label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 40)}_${randomBytes(4).toString('hex')}`;
  await createDatabase(serverUrl(), name);
  return { name, url: databaseUrl(serverUrl(), name), drop: () => dropDatabase(serverUrl(), name) };
}

export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

