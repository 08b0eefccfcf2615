import type pg from 'pg';
import { LockTimeoutError } from './errors.ts';

/**
 * A session-level advisory lock per (domain, schema), held on one client for
 * a sequence of transactions, with a bounded wait (polled). In a bootstrapped domain database only the
 * init role may take advisory locks, so no service role can hold this key.
 */
export async function withLock<T>(client: pg.PoolClient | pg.Client, domain: string, name: string, waitMs: number, work: () => Promise<T>): Promise<T> {
  const key = [`flowschema:${domain}`, name];
  // Polled, never waited for in a statement: a session waiting in pg_advisory_lock holds a snapshot, and the
  // holder's CREATE INDEX CONCURRENTLY waits for every older snapshot: a deadlock. Uncontended: one round trip.
  const deadline = Date.now() + Math.max(1, Math.floor(waitMs));
  for (let pause = 25; ; pause = Math.min(pause * 2, 500)) {
    const got = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS ok', key)).rows[0]!.ok;
    if (got) break;
    if (Date.now() >= deadline) throw new LockTimeoutError(name, waitMs, await holderOf(client, key).catch(() => undefined), undefined);
    await new Promise((done) => setTimeout(done, Math.min(pause, Math.max(1, deadline - Date.now()))));
  }
  let result: T;
  try {
    result = await work();
  } catch (error) {
    // The work's error is the news; an unlock that fails too (the connection is gone: the lock went with it) is not.
    await client.query(`SELECT pg_advisory_unlock(hashtext($1), hashtext($2))`, key).catch(() => {});
    throw error;
  }
  await client.query(`SELECT pg_advisory_unlock(hashtext($1), hashtext($2))`, key);
  return result;
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
