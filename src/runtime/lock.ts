import type pg from 'pg';
import { LockTimeoutError } from './errors.ts';

/**
 * A session-level advisory lock per (domain, schema), held on one client for
 * a sequence of transactions, with a bounded wait: PostgreSQL's lock_timeout
 * applies to advisory locks too.
 */
export async function withLock<T>(client: pg.PoolClient | pg.Client, domain: string, name: string, waitMs: number, work: () => Promise<T>): Promise<T> {
  const key = [`flowschema:${domain}`, name];
  // Uncontended (the usual case): one round trip. Otherwise wait, at most waitMs.
  const got = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS ok', key)).rows[0]!.ok;
  if (!got) {
    await client.query(`SET lock_timeout = ${Math.max(1, Math.floor(waitMs))}`);
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1), hashtext($2))', key);
    } catch (error) {
      if ((error as { code?: string }).code === '55P03') throw new LockTimeoutError(name, waitMs, error);
      throw error;
    } finally {
      await client.query('SET lock_timeout = 0');
    }
  }
  try {
    return await work();
  } finally {
    await client.query(`SELECT pg_advisory_unlock(hashtext($1), hashtext($2))`, [`flowschema:${domain}`, name]);
  }
}
