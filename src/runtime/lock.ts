import type pg from 'pg';
import { LockTimeoutError } from './errors.ts';

/**
 * A session-level advisory lock per (domain, schema), held on one client for
 * a sequence of transactions, with a bounded wait: PostgreSQL's lock_timeout
 * applies to advisory locks too. In a bootstrapped domain database only the
 * init role may take advisory locks, so no service role can hold this key.
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
      if ((error as { code?: string }).code === '55P03') throw new LockTimeoutError(name, waitMs, await holderOf(client, key).catch(() => undefined), error);
      throw error;
    } finally {
      await client.query('SET lock_timeout = 0');
    }
  }
  try {
    return await work();
  } finally {
    await client.query(`SELECT pg_advisory_unlock(hashtext($1), hashtext($2))`, key);
  }
}

/** Who holds the lock now (a two-key advisory lock is classid = key 1, objid = key 2, objsubid = 2). */
async function holderOf(client: pg.PoolClient | pg.Client, key: readonly string[]): Promise<{ pid: number; role: string | null } | undefined> {
  const row = (
    await client.query<{ pid: number; role: string | null }>(
      `SELECT l.pid, a.usename::text AS role FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.classid = hashtext($1)::oid AND l.objid = hashtext($2)::oid AND l.objsubid = 2
        LIMIT 1`,
      [...key],
    )
  ).rows[0];
  return row;
}

/**
 * The other sessions holding a lock on a table of `schema` (after a
 * migration gave up waiting for one): whom to ask to finish.
 */
export async function lockHoldersOf(client: pg.PoolClient | pg.Client, schema: string): Promise<{ pid: number; role: string | null; state: string | null }[]> {
  return (
    await client.query<{ pid: number; role: string | null; state: string | null }>(
      `SELECT DISTINCT l.pid, a.usename::text AS role, a.state FROM pg_locks l
         JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE n.nspname = $1 AND l.granted AND l.pid <> pg_backend_pid()
        ORDER BY l.pid LIMIT 5`,
      [schema],
    )
  ).rows;
}
