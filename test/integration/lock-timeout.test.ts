import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/artifacts/index.ts';
import { createRuntime, MigrationLockTimeoutError } from '../../src/runtime/index.ts';
import { connect } from '../support/db.ts';
import { bootstrappedDatabase } from '../support/domain-db.ts';
import { copyGenerated } from '../support/generated-copy.ts';

/**
 * An upgrade behind a long transaction (issue 15, first part). Without a
 * bound, the migration's ALTER TABLE waits for the long transaction, and
 * every later query on that table queues behind the ALTER: writers stall
 * for as long as the long transaction lasts. With a lock_timeout the ALTER
 * gives up, lets the queue through, and is tried again.
 */
describe('a migration behind a long transaction', () => {
  async function setUp(label: string) {
    const gen = copyGenerated();
    const db = await bootstrappedDatabase(label, 'onboarding');
    // The schema at 1.1.0 first (0003 left out of the manifest), then 0003 (ALTER TABLE documents …) pending.
    const manifestPath = join(gen, 'onboarding/manifest.json');
    const full = readFileSync(manifestPath, 'utf8');
    const m = JSON.parse(full) as Manifest;
    const flow = m.schemas.find((s) => s.schema === 'customer_onboarding')!;
    (flow as unknown as { migrations: unknown[] }).migrations = flow.migrations.slice(0, 2);
    (flow as unknown as { version: string }).version = flow.migrations[1]!.toVersion;
    writeFileSync(manifestPath, JSON.stringify(m));
    const first = createRuntime({ domain: 'onboarding', connection: db.initUrl, generated: gen });
    try {
      await first.ensureFlowSchema('customer-onboarding');
    } finally {
      await first.close();
    }
    writeFileSync(manifestPath, full);
    return { gen, db };
  }

  it('gives up its lock request after lock_timeout, so other queries on the table go on; it is tried again and applied once the long transaction ends', async () => {
    const { gen, db } = await setUp('locktimeout-retry');
    const holder = await connect(db.adminUrl);
    const reader = await connect(db.adminUrl);
    const runtime = createRuntime({ domain: 'onboarding', connection: db.initUrl, generated: gen, migrationLockTimeoutMs: 100, lockRetries: 100 });
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT count(*) FROM customer_onboarding.documents');
      let upgraded = false;
      const upgrade = runtime.upgrade().then((done) => ((upgraded = true), done));
      // The upgrade is now asking for its lock, again and again.
      for (let i = 0; i < 400; i++) {
        const { rowCount } = await reader.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%ALTER TABLE%'`);
        if (rowCount) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      // A query that would queue behind the waiting ALTER TABLE completes while the long transaction is still open.
      const read = await reader.query('SELECT count(*)::int AS n FROM customer_onboarding.documents');
      expect(read.rows).toEqual([{ n: 0 }]);
      expect(upgraded).toBe(false);
      await holder.query('COMMIT');
      expect(await upgrade).toEqual(['customer_onboarding/0003_1.2.0']);
      expect((await reader.query(`SELECT migration_id FROM sys_schemas.migration_history WHERE schema_name = 'customer_onboarding' ORDER BY id`)).rows.map((r) => r.migration_id)).toEqual(['0001_1.0.0', '0002_1.1.0', '0003_1.2.0']);
    } finally {
      await holder.query('ROLLBACK').catch(() => {});
      await runtime.close();
      await holder.end();
      await reader.end();
      await db.drop();
      rmSync(gen, { recursive: true, force: true });
    }
  });

  it('when every try times out: one error naming the schema, the tries and who holds locks there; nothing applied', async () => {
    const { gen, db } = await setUp('locktimeout-give-up');
    const holder = await connect(db.adminUrl);
    const runtime = createRuntime({ domain: 'onboarding', connection: db.initUrl, generated: gen, migrationLockTimeoutMs: 50, lockRetries: 2 });
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT count(*) FROM customer_onboarding.documents');
      const pid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      const error = await runtime.upgrade().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(MigrationLockTimeoutError);
      expect((error as Error).message).toBe(
        `${gen}/onboarding/flows/customer_onboarding/migrations/0003_1.2.0.sql: waited for a lock on schema customer_onboarding longer than 50 ms, 3 time(s); process ${pid} (role ${(await holder.query<{ r: string }>('SELECT current_user::text AS r')).rows[0]!.r}) holds locks there; nothing of it was changed (end or wait for that transaction, then run it again)`,
      );
      await holder.query('ROLLBACK');
      const c = await connect(db.adminUrl);
      try {
        expect((await c.query(`SELECT count(*)::int AS n FROM sys_schemas.migration_history WHERE schema_name = 'customer_onboarding'`)).rows[0].n).toBe(2);
      } finally {
        await c.end();
      }
    } finally {
      await holder.query('ROLLBACK').catch(() => {});
      await runtime.close();
      await holder.end();
      await db.drop();
      rmSync(gen, { recursive: true, force: true });
    }
  });
});
