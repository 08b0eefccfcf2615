import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { checkDrift } from '../../src/drift/index.ts';
import { createRuntime, MigrationFailedError, PartlyAppliedError, type RuntimeOptions } from '../../src/runtime/index.ts';
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
  { step: 2, mode: 'concurrently' },
  { step: 3, mode: 'concurrently' },
  { step: 4, mode: 'transaction' },
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

-- flowschema:step 2 concurrently

CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "flowschema_key_customers_email_key" ON "orders"."customers" ("email");

-- flowschema:step 3 concurrently

CREATE INDEX CONCURRENTLY IF NOT EXISTS "items_name_idx" ON "orders"."items" ("name");

-- flowschema:step 4 transaction

UPDATE "orders"."items" SET "status" = 'new' WHERE "status" IS NULL;

-- flowschema:step 5 transaction

ALTER TABLE "orders"."customers" ADD CONSTRAINT "customers_email_key" UNIQUE USING INDEX "flowschema_key_customers_email_key";

ALTER TABLE "orders"."items" ADD CONSTRAINT "flowschema_not_null_status" CHECK ("status" IS NOT NULL) NOT VALID;

ALTER TABLE "orders"."items" ADD CONSTRAINT "qty_non_negative" CHECK (qty >= 0) NOT VALID;

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

  interface Blocked {
    readonly generated: string;
    readonly db: TestDomainDatabase;
    readonly admin: pg.Client;
    readonly blocker: pg.Client;
    readonly runtime: ReturnType<typeof runtimeOf>;
  }

  /**
   * A database at version 1 with rows, version 2 pending, and `blockerSql` run in an open transaction on a
   * connection of its own, then `body`; everything is dropped after. WRITER holds the build of customers'
   * unique index (step 2) until it commits; READER holds step 5 (ADD CONSTRAINT … USING INDEX on customers).
   */
  async function blocked(label: string, blockerSql: string, more: Partial<RuntimeOptions>, body: (b: Blocked) => Promise<void>): Promise<void> {
    const { generated, db, admin, cleanUp } = await setUp(label);
    const blocker = await connect(db.adminUrl);
    const runtime = runtimeOf(db, generated, more);
    try {
      await blocker.query('BEGIN');
      await blocker.query(blockerSql);
      await body({ generated, db, admin, blocker, runtime });
    } finally {
      await blocker.query('ROLLBACK').catch(() => {});
      await blocker.end();
      await runtime.close();
      await cleanUp();
    }
  }
  const WRITER = `INSERT INTO orders.customers VALUES (100000, 'late@example.com')`;
  const READER = 'SELECT count(*) FROM orders.customers';
  const WAIT = { migrationLockTimeoutMs: 60_000 };

  /** The upgrade is killed (its backend terminated, as when the process dies) where the blocker holds it (`like`). */
  async function killed({ admin, blocker, runtime }: Blocked, like: string): Promise<void> {
    const upgrade = runtime.upgrade().then(() => undefined, (e: unknown) => e);
    await admin.query('SELECT pg_terminate_backend($1)', [await waitingBackend(admin, like)]);
    expect(await upgrade).toBeInstanceOf(Error);
    await blocker.query('ROLLBACK');
    expect((await admin.query(`SELECT count(*)::int AS n FROM sys_schemas.migration_history WHERE schema_name = 'orders'`)).rows).toEqual([{ n: 1 }]);
  }

  /** A new runtime finishes the upgrade, and the schema is the new version's. */
  async function resumed({ db, admin, generated }: Blocked): Promise<void> {
    const rerun = runtimeOf(db, generated);
    try {
      expect(await rerun.upgrade()).toEqual([MIGRATION]);
    } finally {
      await rerun.close();
    }
    await expectUpgraded(db, admin, generated);
  }

  it('killed during a CONCURRENTLY build: the rerun drops the INVALID index it left, builds it again and goes on', async () => {
    await blocked('online_kill_build', WRITER, WAIT, async (b) => {
      await killed(b, '%CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "flowschema_key_customers_email_key"%');
      expect(await stepsOf(b.admin)).toEqual(ALL_STEPS.slice(0, 1));
      expect((await b.admin.query(`SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = 'orders.flowschema_key_customers_email_key'::regclass`)).rows).toEqual([{ indisvalid: false }]);
      await resumed(b);
    });
  });

  it('killed in a transaction step after the CONCURRENTLY builds: that step left nothing, the rerun starts from it', async () => {
    await blocked('online_kill_between', READER, WAIT, async (b) => {
      await killed(b, '%USING INDEX%');
      expect(await stepsOf(b.admin)).toEqual(ALL_STEPS.slice(0, 4));
      expect((await b.admin.query(`SELECT count(*)::int AS n FROM pg_constraint WHERE conname = 'customers_email_key'`)).rows).toEqual([{ n: 0 }]);
      // Drift knows the migration stopped midway, and expects what its applied steps made: nothing else differs.
      const report = await checkDrift({ domain: DOMAIN, connection: b.db.initUrl, scratch: b.db.driftUrl, generated: b.generated });
      expect(report.findings.map(({ fix: _fix, definition: _definition, ...f }) => f)).toEqual([{ schema: 'orders', kind: 'migration partly applied', object: '0002_2.0.0', expected: 'applied', live: 'step(s) 1, 2, 3, 4 applied' }]);
      await resumed(b);
    });
  });

  it('a CONCURRENTLY build waits for a long transaction elsewhere without giving up (lock_timeout 100 ms, no retries), and goes on once it ends', async () => {
    await blocked('online_long_wait', WRITER, { migrationLockTimeoutMs: 100, lockRetries: 0 }, async ({ db, admin, blocker, runtime, generated }) => {
      let done = false;
      const upgrade = runtime.upgrade().finally(() => (done = true));
      await waitingBackend(admin, '%INDEX CONCURRENTLY%');
      await new Promise((r) => setTimeout(r, 800));
      // Still building: eight times its lock_timeout, and no try given up (nothing to retry).
      expect(done).toBe(false);
      expect(await stepsOf(admin)).toEqual(ALL_STEPS.slice(0, 1));
      await blocker.query('COMMIT');
      expect(await upgrade).toEqual([MIGRATION]);
      await admin.query('DELETE FROM orders.customers WHERE id = 100000');
      await expectUpgraded(db, admin, generated);
    });
  });

  it('while the upgrade waits in a build, the live flow updates old rows whose new NOT NULL column is still NULL', async () => {
    await blocked('online_live_updates', WRITER, WAIT, async ({ db, admin, blocker, runtime, generated }) => {
      const app = await connect(db.url('orchestration'));
      try {
        const upgrade = runtime.upgrade();
        await waitingBackend(admin, '%INDEX CONCURRENTLY%');
        // Row 3's status is NULL: the check that it is not comes only after the backfill (step 4), in step 5.
        expect((await app.query(`UPDATE orders.items SET qty = qty + 1 WHERE id = 3 RETURNING status`)).rows).toEqual([{ status: null }]);
        expect((await app.query(`INSERT INTO orders.items (id, name, qty) VALUES (5000, 'new', 1) RETURNING status`)).rows).toEqual([{ status: 'new' }]);
        await blocker.query('COMMIT');
        expect(await upgrade).toEqual([MIGRATION]);
      } finally {
        await app.end();
      }
      await admin.query('DELETE FROM orders.customers WHERE id = 100000');
      await admin.query('DELETE FROM orders.items WHERE id = 5000');
      await expectUpgraded(db, admin, generated);
    });
  });

  it('two runtimes upgrading at once while one waits in a build: the other waits for the schema lock (no deadlock), then finds nothing to do', async () => {
    await blocked('online_two_runtimes', WRITER, WAIT, async ({ db, admin, blocker, runtime, generated }) => {
      const second = runtimeOf(db, generated, WAIT);
      try {
        const one = runtime.upgrade();
        await waitingBackend(admin, '%INDEX CONCURRENTLY%');
        const two = second.upgrade();
        await new Promise((r) => setTimeout(r, 300));
        await blocker.query('COMMIT');
        expect(await one).toEqual([MIGRATION]);
        expect(await two).toEqual([]);
      } finally {
        await second.close();
      }
      await admin.query('DELETE FROM orders.customers WHERE id = 100000');
      await expectUpgraded(db, admin, generated);
    });
  });

  it('a migration stopped midway is not forgotten when generated/ goes back to the version before: refused, nothing applied', async () => {
    await blocked('online_rollback', READER, WAIT, async (b) => {
      await killed(b, '%USING INDEX%');
      // generated/ rolled back to version 1.0.0: it does not hold 0002.
      const v1 = compileVersions(DOMAIN, [flowSource(DOMAIN, '1.0.0', ONLINE_V1_TABLES)]);
      const back = runtimeOf(b.db, v1.generated);
      try {
        const error = await back.upgrade().then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(PartlyAppliedError);
        expect((error as Error).message).toBe(
          'schema orders has migration 0002_2.0.0 partly applied (some of its steps), but generated/ has nothing pending: the schema is between two versions. Deploy the generated/ that holds 0002_2.0.0 and run up to finish it (it resumes at its step); nothing was applied',
        );
        await expect(back.ensureFlowSchema('orders')).rejects.toBeInstanceOf(PartlyAppliedError);
      } finally {
        await back.close();
        rmSync(v1.generated, { recursive: true, force: true });
      }
      expect(await stepsOf(b.admin)).toEqual(ALL_STEPS.slice(0, 4));
      await resumed(b);
    });
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
    // A slow backfill: each row's update sleeps (a trigger), so step 4 outlasts a 300 ms statement_timeout.
    await admin.query(`CREATE FUNCTION orders.slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.01); RETURN NEW; END $$`);
    await admin.query(`CREATE TRIGGER slow BEFORE UPDATE ON orders.items FOR EACH ROW EXECUTE FUNCTION orders.slow()`);
    const runtime = runtimeOf(db, generated, { migrationStatementTimeoutMs: 300 });
    try {
      const error = await runtime.upgrade().then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationFailedError);
      expect((error as MigrationFailedError).sqlstate).toBe('57014');
      expect((error as Error).message).toBe(
        `${generated}/${DOMAIN}/flows/orders/migrations/0002_2.0.0.sql (step 4 of 7, transaction): ran longer than its statement_timeout (300 ms), holding locks that may block writers; it was rolled back and nothing of it stays. Run it when the tables are quieter, or raise migrationStatementTimeoutMs (SQLSTATE 57014)`,
      );
      expect(await stepsOf(admin)).toEqual(ALL_STEPS.slice(0, 3));
      expect((await admin.query(`SELECT count(*)::int AS n FROM orders.items WHERE status IS NULL`)).rows).toEqual([{ n: 666 }]);
    } finally {
      await blocker.end();
      await runtime.close();
      await cleanUp();
    }
  });
});
