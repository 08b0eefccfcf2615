import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { checkDrift } from '../../src/drift/index.ts';
import { createRuntime, MigrationFailedError, type RuntimeOptions } from '../../src/runtime/index.ts';
import { connect } from '../support/db.ts';
import { bootstrappedDatabase, type TestDomainDatabase } from '../support/domain-db.ts';
import { compileVersions, flowSource, ONLINE_V1_TABLES, ONLINE_V2_TABLES, writeTree } from '../support/online-project.ts';

/**
 * Online upgrades (issue 15): a migration that changes tables holding data
 * runs in steps, each recorded as it commits; killed midway (the backend
 * terminated, as when the process dies), it resumes at the first step not
 * recorded, rebuilding an index a killed CONCURRENTLY build left INVALID;
 * the schema ends as a fresh build of the new version (drift: nothing).
 */
const DOMAIN = 'onlineup';
const MIGRATION = 'orders/0002_2.0.0';
const ALL_STEPS = [
  { step: 1, mode: 'transaction' },
  { step: 2, mode: 'transaction' },
  { step: 3, mode: 'concurrently' },
  { step: 4, mode: 'concurrently' },
  { step: 5, mode: 'transaction' },
  { step: 6, mode: 'validate' },
  { step: 7, mode: 'transaction' },
];

async function setUp(label: string) {
  const { generated, trees } = compileVersions(DOMAIN, [flowSource(DOMAIN, '1.0.0', ONLINE_V1_TABLES), flowSource(DOMAIN, '2.0.0', ONLINE_V2_TABLES)]);
  writeTree(generated, trees[0]!);
  const db = await bootstrappedDatabase(label, DOMAIN);
  const first = createRuntime({ domain: DOMAIN, connection: db.initUrl, generated });
  await first.ensureFlowSchema('orders');
  await first.close();
  const admin = await connect(db.adminUrl);
  await admin.query(`INSERT INTO orders.customers SELECT i, 'c' || i || '@example.com' FROM generate_series(1, 500) i`);
  await admin.query(`INSERT INTO orders.items SELECT i, 'item ' || i, 1 + i % 500, CASE WHEN i % 3 = 0 THEN NULL ELSE 'paid' END, i % 7 FROM generate_series(1, 2000) i`);
  writeTree(generated, trees[1]!);
  const cleanUp = async () => {
    await admin.end();
    await db.drop();
    rmSync(generated, { recursive: true, force: true });
  };
  return { generated, db, admin, cleanUp };
}

const runtimeOf = (db: TestDomainDatabase, generated: string, more: Partial<RuntimeOptions> = {}) => createRuntime({ domain: DOMAIN, connection: db.initUrl, generated, ...more });

async function stepsOf(admin: pg.Client): Promise<{ step: number; mode: string }[]> {
  return (await admin.query(`SELECT step, mode FROM sys_schemas.migration_steps WHERE schema_name = 'orders' AND migration_id = '0002_2.0.0' ORDER BY step`)).rows;
}

/** Everything a finished upgrade leaves: one history row, every step once, the new version's catalog, no drift. */
async function expectUpgraded(db: TestDomainDatabase, admin: pg.Client, generated: string): Promise<void> {
  expect((await admin.query(`SELECT migration_id, count(*)::int AS n FROM sys_schemas.migration_history WHERE schema_name = 'orders' GROUP BY 1 ORDER BY 1`)).rows).toEqual([
    { migration_id: '0001_1.0.0', n: 1 },
    { migration_id: '0002_2.0.0', n: 1 },
  ]);
  expect(await stepsOf(admin)).toEqual(ALL_STEPS);
  expect((await admin.query(`SELECT c.relname, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relnamespace = 'orders'::regnamespace AND c.relname IN ('items_name_idx', 'customers_email_key') ORDER BY 1`)).rows).toEqual([
    { relname: 'customers_email_key', indisvalid: true },
    { relname: 'items_name_idx', indisvalid: true },
  ]);
  expect((await admin.query(`SELECT conname, convalidated FROM pg_constraint WHERE connamespace = 'orders'::regnamespace AND conrelid = 'orders.items'::regclass AND contype IN ('c', 'f') ORDER BY 1`)).rows).toEqual([
    { conname: 'items_customer_id_fkey', convalidated: true },
    { conname: 'qty_non_negative', convalidated: true },
  ]);
  expect((await admin.query(`SELECT count(*)::int AS n FROM orders.items WHERE status = 'new'`)).rows).toEqual([{ n: 666 }]);
  const report = await checkDrift({ domain: DOMAIN, connection: db.initUrl, scratch: db.driftUrl, generated });
  expect(report.findings).toEqual([]);
}

/** Waits until a backend runs a query matching `like` and waits for a lock; returns its pid. */
async function waitingBackend(admin: pg.Client, like: string): Promise<number> {
  for (let i = 0; i < 1000; i++) {
    const row = (await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE $1`, [like])).rows[0];
    if (row) return row.pid;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no backend waits on a lock with a query like ${like}`);
}

describe('online upgrade of tables holding data', () => {
  it('is written in seven steps: the safe forms, each in its step', async () => {
    const { generated, cleanUp } = await setUp('online_file');
    try {
      const sql = readFileSync(join(generated, DOMAIN, 'flows/orders/migrations/0002_2.0.0.sql'), 'utf8');
      expect(sql.slice(sql.indexOf('\n\n-- flowschema:step 1'))).toBe(`

-- flowschema:step 1 transaction

ALTER TABLE "orders"."items" ALTER COLUMN "status" SET DEFAULT 'new';

ALTER TABLE "orders"."items" ADD CONSTRAINT "flowschema_not_null_status" CHECK ("status" IS NOT NULL) NOT VALID;

ALTER TABLE "orders"."items" ADD CONSTRAINT "qty_non_negative" CHECK (qty >= 0) NOT VALID;

-- flowschema:step 2 transaction

UPDATE "orders"."items" SET "status" = 'new' WHERE "status" IS NULL;

-- flowschema:step 3 concurrently

CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "customers_email_key" ON "orders"."customers" ("email");

-- flowschema:step 4 concurrently

CREATE INDEX CONCURRENTLY IF NOT EXISTS "items_name_idx" ON "orders"."items" ("name");

-- flowschema:step 5 transaction

ALTER TABLE "orders"."customers" ADD CONSTRAINT "customers_email_key" UNIQUE USING INDEX "customers_email_key";

ALTER TABLE "orders"."items" ADD CONSTRAINT "items_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "orders"."customers" ("id") NOT VALID;

-- flowschema:step 6 validate

ALTER TABLE "orders"."items" VALIDATE CONSTRAINT "flowschema_not_null_status";

ALTER TABLE "orders"."items" VALIDATE CONSTRAINT "qty_non_negative";

ALTER TABLE "orders"."items" VALIDATE CONSTRAINT "items_customer_id_fkey";

-- flowschema:step 7 transaction

ALTER TABLE "orders"."items" ALTER COLUMN "status" SET NOT NULL;

ALTER TABLE "orders"."items" DROP CONSTRAINT "flowschema_not_null_status";
`);
    } finally {
      await cleanUp();
    }
  });

  it('applies step by step, records each step once, and ends with no drift', async () => {
    const { generated, db, admin, cleanUp } = await setUp('online_apply');
    const runtime = runtimeOf(db, generated);
    try {
      expect(await runtime.upgrade()).toEqual([MIGRATION]);
      await expectUpgraded(db, admin, generated);
      // Run again: nothing to do, nothing recorded twice.
      expect(await runtime.upgrade()).toEqual([]);
      expect(await stepsOf(admin)).toEqual(ALL_STEPS);
    } finally {
      await runtime.close();
      await cleanUp();
    }
  });

  /**
   * The upgrade is killed (its backend terminated, as when the process dies) while `blockerSql`, in an
   * open transaction, holds it at the statement `like`; `stopped` checks what stayed; a rerun finishes.
   */
  async function killAndResume(label: string, blockerSql: string, like: string, stopped: (admin: pg.Client, db: TestDomainDatabase, generated: string) => Promise<void>): Promise<void> {
    const { generated, db, admin, cleanUp } = await setUp(label);
    const blocker = await connect(db.adminUrl);
    const runtime = runtimeOf(db, generated, { migrationLockTimeoutMs: 60_000 });
    try {
      await blocker.query('BEGIN');
      await blocker.query(blockerSql);
      const upgrade = runtime.upgrade().then(() => undefined, (e: unknown) => e);
      await admin.query('SELECT pg_terminate_backend($1)', [await waitingBackend(admin, like)]);
      expect(await upgrade).toBeInstanceOf(Error);
      await blocker.query('ROLLBACK');
      await stopped(admin, db, generated);
      expect((await admin.query(`SELECT count(*)::int AS n FROM sys_schemas.migration_history WHERE schema_name = 'orders'`)).rows).toEqual([{ n: 1 }]);
      const rerun = runtimeOf(db, generated);
      try {
        expect(await rerun.upgrade()).toEqual([MIGRATION]);
      } finally {
        await rerun.close();
      }
      await expectUpgraded(db, admin, generated);
    } finally {
      await blocker.query('ROLLBACK').catch(() => {});
      await blocker.end();
      await runtime.close();
      await cleanUp();
    }
  }

  it('killed during a CONCURRENTLY build: the rerun drops the INVALID index it left, builds it again and goes on', async () => {
    // A writer on customers in an open transaction: the unique index build on customers (step 3) waits for it.
    await killAndResume('online_kill_build', `INSERT INTO orders.customers VALUES (100000, 'late@example.com')`, '%CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "customers_email_key"%', async (admin) => {
      expect(await stepsOf(admin)).toEqual(ALL_STEPS.slice(0, 2));
      expect((await admin.query(`SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = 'orders.customers_email_key'::regclass`)).rows).toEqual([{ indisvalid: false }]);
    });
  });

  it('killed in a transaction step after the CONCURRENTLY builds: that step left nothing, the rerun starts from it', async () => {
    // A reader of customers in an open transaction: step 5's ADD CONSTRAINT … USING INDEX waits for it (the builds do not).
    await killAndResume('online_kill_between', 'SELECT count(*) FROM orders.customers', '%USING INDEX%', async (admin, db, generated) => {
      expect(await stepsOf(admin)).toEqual(ALL_STEPS.slice(0, 4));
      expect((await admin.query(`SELECT count(*)::int AS n FROM pg_constraint WHERE conname = 'customers_email_key'`)).rows).toEqual([{ n: 0 }]);
      // Drift knows the migration stopped midway, and expects what its applied steps made: nothing else differs.
      const report = await checkDrift({ domain: DOMAIN, connection: db.initUrl, scratch: db.driftUrl, generated });
      expect(report.findings.map(({ fix: _fix, definition: _definition, ...f }) => f)).toEqual([{ schema: 'orders', kind: 'migration partly applied', object: '0002_2.0.0', expected: 'applied', live: 'step(s) 1, 2, 3, 4 applied' }]);
    });
  });

  it('a CONCURRENTLY build that times out on a lock is tried again (its INVALID index dropped first) and succeeds once the writer is done', async () => {
    const { generated, db, admin, cleanUp } = await setUp('online_retry');
    const blocker = await connect(db.adminUrl);
    const runtime = runtimeOf(db, generated, { migrationLockTimeoutMs: 100, lockRetries: 50 });
    try {
      await blocker.query('BEGIN');
      await blocker.query(`INSERT INTO orders.customers VALUES (100000, 'late@example.com')`);
      const upgrade = runtime.upgrade();
      // The build waits, times out after 100 ms (leaving an INVALID index), drops it, tries again…
      await waitingBackend(admin, '%INDEX CONCURRENTLY%');
      await new Promise((r) => setTimeout(r, 800));
      expect(await stepsOf(admin)).toEqual(ALL_STEPS.slice(0, 2));
      await blocker.query('COMMIT');
      expect(await upgrade).toEqual([MIGRATION]);
      await admin.query('DELETE FROM orders.customers WHERE id = 100000');
      await expectUpgraded(db, admin, generated);
    } finally {
      await blocker.query('ROLLBACK').catch(() => {});
      await blocker.end();
      await runtime.close();
      await cleanUp();
    }
  });

  it('a first start at version 2 creates the schema with each migration in one transaction: no steps, no wait for open transactions', async () => {
    const { generated, trees } = compileVersions(DOMAIN, [flowSource(DOMAIN, '1.0.0', ONLINE_V1_TABLES), flowSource(DOMAIN, '2.0.0', ONLINE_V2_TABLES)]);
    writeTree(generated, trees[1]!);
    const db = await bootstrappedDatabase('online_fresh', DOMAIN);
    const admin = await connect(db.adminUrl);
    const blocker = await connect(db.adminUrl);
    // An open transaction with a snapshot: a CONCURRENTLY build would wait for it (and time out after 100 ms, 0 retries).
    await blocker.query('BEGIN');
    await blocker.query('CREATE TEMP TABLE busy (a int)');
    await blocker.query('INSERT INTO busy VALUES (1)');
    const runtime = runtimeOf(db, generated, { migrationLockTimeoutMs: 100, lockRetries: 0 });
    try {
      await runtime.ensureFlowSchema('orders');
      expect((await admin.query(`SELECT migration_id FROM sys_schemas.migration_history WHERE schema_name = 'orders' ORDER BY id`)).rows.map((r) => r.migration_id)).toEqual(['0001_1.0.0', '0002_2.0.0']);
      expect(await stepsOf(admin)).toEqual([]);
      await blocker.query('ROLLBACK');
      const report = await checkDrift({ domain: DOMAIN, connection: db.initUrl, scratch: db.driftUrl, generated });
      expect(report.findings).toEqual([]);
    } finally {
      await blocker.query('ROLLBACK').catch(() => {});
      await blocker.end();
      await admin.end();
      await runtime.close();
      await db.drop();
      rmSync(generated, { recursive: true, force: true });
    }
  });

  it('a transaction step that runs past statement_timeout is rolled back, and the upgrade stops there', async () => {
    const { generated, db, admin, cleanUp } = await setUp('online_statement_timeout');
    const blocker = await connect(db.adminUrl);
    // A slow backfill: each row's update sleeps (a trigger), so step 2 outlasts a 300 ms statement_timeout.
    await admin.query(`CREATE FUNCTION orders.slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.01); RETURN NEW; END $$`);
    await admin.query(`CREATE TRIGGER slow BEFORE UPDATE ON orders.items FOR EACH ROW EXECUTE FUNCTION orders.slow()`);
    const runtime = runtimeOf(db, generated, { migrationStatementTimeoutMs: 300 });
    try {
      const error = await runtime.upgrade().then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationFailedError);
      expect((error as MigrationFailedError).sqlstate).toBe('57014');
      expect((error as Error).message).toBe(
        `${generated}/${DOMAIN}/flows/orders/migrations/0002_2.0.0.sql (step 2 of 7, transaction): ran longer than its statement_timeout (300 ms), holding locks that may block writers; it was rolled back and nothing of it stays. Run it when the tables are quieter, or raise migrationStatementTimeoutMs (SQLSTATE 57014)`,
      );
      expect(await stepsOf(admin)).toEqual(ALL_STEPS.slice(0, 1));
      expect((await admin.query(`SELECT count(*)::int AS n FROM orders.items WHERE status IS NULL`)).rows).toEqual([{ n: 666 }]);
    } finally {
      await blocker.end();
      await runtime.close();
      await cleanUp();
    }
  });
});
