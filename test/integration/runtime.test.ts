import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256, type Manifest } from '../../src/artifacts/index.ts';
import {
  ChecksumMismatchError,
  createRuntime,
  DeployConflictError,
  DomainMismatchError,
  DowngradeError,
  bootstrapDomain,
  LockTimeoutError,
  MigrationFailedError,
  MissingMigrationError,
  startInstance,
  type Runtime,
} from '../../src/runtime/index.ts';
import { ROOT } from '../support/compile-dir.ts';
import { serverUrl } from '../support/db.ts';
import { dropDatabase } from '../../src/db/index.ts';
import { connect } from '../support/db.ts';
import { bootstrappedDatabase, testPassword, testPasswords, type TestDomainDatabase } from '../support/domain-db.ts';
import { copyGenerated } from '../support/generated-copy.ts';

const GENERATED = join(ROOT, 'generated');
const manifest = JSON.parse(readFileSync(join(GENERATED, 'onboarding/manifest.json'), 'utf8')) as Manifest;
const onboarding = manifest.schemas.find((s) => s.flow === 'customer-onboarding')!;

/** A client of `db` logged in as `role` (with that role's own test password). */
function asRole(db: TestDomainDatabase, role: string): pg.Client {
  const url = new URL(db.adminUrl);
  url.username = role;
  url.password = testPassword(role);
  return new pg.Client({ connectionString: url.toString() });
}

describe('runtime', () => {
  let db: TestDomainDatabase;
  let runtime: Runtime;
  let admin: pg.Client;
  beforeAll(async () => {
    db = await bootstrappedDatabase('runtime', 'onboarding');
    runtime = createRuntime({ domain: 'onboarding', connection: db.initUrl, generated: GENERATED });
    admin = await connect(db.adminUrl);
  });
  afterAll(async () => {
    await runtime?.close();
    await admin?.end();
    await db?.drop();
  });

  it('start creates the six system schemas through a recorded system migration, and stamps the domain', async () => {
    await runtime.start();
    await runtime.start();
    const schemas = await admin.query(`SELECT nspname, pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname LIKE 'sys\\_%' ORDER BY 1`);
    expect(schemas.rows).toEqual(['sys_extensions', 'sys_flows', 'sys_functions', 'sys_schemas', 'sys_tasks', 'sys_views'].map((nspname) => ({ nspname, owner: 'onboarding_init' })));
    const history = await admin.query('SELECT schema_name, migration_id, runtime_version FROM sys_schemas.migration_history ORDER BY schema_name, id');
    expect(history.rows).toEqual(['sys_extensions', 'sys_flows', 'sys_functions', 'sys_schemas', 'sys_tasks', 'sys_views'].flatMap((schema_name) => ['system_0001', 'system_0002'].map((migration_id) => ({ schema_name, migration_id, runtime_version: '0.1.0' }))));
    const registry = await admin.query(`SELECT schema_name, kind, current_migration FROM sys_schemas.registry ORDER BY 1`);
    expect(registry.rows.map((r) => [r.schema_name, r.kind, r.current_migration])).toEqual(['sys_extensions', 'sys_flows', 'sys_functions', 'sys_schemas', 'sys_tasks', 'sys_views'].map((s) => [s, 'system', 'system_0002']));
    expect((await admin.query('SELECT name, database FROM sys_schemas.domain')).rows).toEqual([{ name: 'onboarding', database: db.name }]);
  });

  it('deploy stores each definition version once; the same version with other content is refused and nothing is stored', async () => {
    expect(await runtime.deploy()).toEqual({ stored: ['flows/customer-onboarding@1.2.0', 'flows/document-approval@1.0.0'], unchanged: 0 });
    expect(await runtime.deploy()).toEqual({ stored: [], unchanged: 2 });
    const rows = await admin.query(`SELECT key, version, content->'attributes'->'startTransition'->>'target' AS initial, sha256 FROM sys_flows.definitions ORDER BY key`);
    const text = readFileSync(join(GENERATED, 'onboarding/vnext/Workflows/customer-onboarding.json'), 'utf8');
    expect(rows.rows).toEqual([
      { key: 'customer-onboarding', version: '1.2.0', initial: 'collect-info', sha256: sha256(text) },
      { key: 'document-approval', version: '1.0.0', initial: 'draft', sha256: sha256(readFileSync(join(GENERATED, 'onboarding/vnext/Workflows/document-approval.json'), 'utf8')) },
    ]);
    const gen = copyGenerated();
    try {
      const file = join(gen, 'onboarding/vnext/Workflows/document-approval.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace('"label":"draft"', '"label":"Draft!"'));
      const other = join(gen, 'onboarding/vnext/Workflows/customer-onboarding.json');
      writeFileSync(other, readFileSync(other, 'utf8').replace('"version": "1.2.0"', '"version": "1.2.1"'));
      const r = createRuntime({ domain: 'onboarding', connection: db.initUrl, generated: gen });
      try {
        await expect(r.deploy()).rejects.toThrow('flows document-approval version 1.0.0 is already deployed with other content: bump the version to deploy a change');
        await expect(r.deploy()).rejects.toBeInstanceOf(DeployConflictError);
      } finally {
        await r.close();
      }
      expect((await admin.query('SELECT count(*)::int AS n FROM sys_flows.definitions')).rows[0].n).toBe(2);
    } finally {
      rmSync(gen, { recursive: true, force: true });
    }
  });

  it('a runtime of another domain refuses the database and changes nothing', async () => {
    const before = (await admin.query('SELECT count(*)::int AS n FROM sys_schemas.migration_history')).rows[0].n;
    // Its init role may not even connect; and granted that by mistake, it still refuses the database.
    const paymentInit = new URL(db.adminUrl);
    paymentInit.username = 'payment_init';
    paymentInit.password = testPassword('payment_init');
    await bootstrapDomain(serverUrl(), { domain: 'payment', database: `${db.name}_payment`, driftDatabase: `${db.name}_payment_drift`, passwords: testPasswords('payment') });
    const refused = createRuntime({ domain: 'payment', connection: paymentInit.toString(), generated: GENERATED });
    await expect(refused.start()).rejects.toMatchObject({ code: '42501' });
    await refused.close();
    await dropDatabase(serverUrl(), `${db.name}_payment`);
    await dropDatabase(serverUrl(), `${db.name}_payment_drift`);
    await admin.query(`GRANT CONNECT, CREATE ON DATABASE ${db.name} TO payment_init`);
    const other = createRuntime({ domain: 'payment', connection: paymentInit.toString(), generated: GENERATED });
    try {
      await expect(other.start()).rejects.toBeInstanceOf(DomainMismatchError);
      await expect(other.start()).rejects.toThrow(`database ${db.name} belongs to domain 'onboarding', not 'payment': refusing to touch it`);
      await expect(other.ensureFlowSchema('payment-process')).rejects.toBeInstanceOf(DomainMismatchError);
    } finally {
      await other.close();
      await admin.query(`REVOKE ALL ON DATABASE ${db.name} FROM payment_init`);
    }
    expect((await admin.query('SELECT count(*)::int AS n FROM sys_schemas.migration_history')).rows[0].n).toBe(before);
    expect((await admin.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'payment_process'`)).rows[0].n).toBe(0);
  });

  it('the first start of a flow creates its schema with every migration, recorded with its checksum', async () => {
    expect((await admin.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'customer_onboarding'`)).rows[0].n).toBe(0);
    const pool = new pg.Pool({ connectionString: db.url('orchestration'), max: 1 });
    const instance = await startInstance(runtime, pool, 'customer-onboarding', 'c-1', { email: 'a@b.c', customerId: '3f1c9c2e-0000-4000-8000-000000000001', segment: 'sme' }).finally(() => pool.end());
    expect(instance).toMatchObject({ key: 'c-1', flow: 'customer-onboarding', flowVersion: '1.2.0', currentState: 'collect-info', status: 'active' });
    const history = await admin.query(`SELECT migration_id, flow_version, sha256 FROM sys_schemas.migration_history WHERE schema_name = 'customer_onboarding' ORDER BY id`);
    expect(history.rows).toEqual(onboarding.migrations.map((m) => ({ migration_id: m.id, flow_version: m.toVersion, sha256: m.sha256 })));
    const registry = await admin.query(`SELECT kind, flow_key, flow_version, current_migration FROM sys_schemas.registry WHERE schema_name = 'customer_onboarding'`);
    expect(registry.rows).toEqual([{ kind: 'flow', flow_key: 'customer-onboarding', flow_version: '1.2.0', current_migration: '0003_1.2.0' }]);
    expect((await admin.query('SELECT code FROM customer_onboarding.risk_rules ORDER BY code')).rows.map((r) => r.code)).toEqual(['HIGH_RISK_COUNTRY', 'PEP', 'SANCTIONS']);
    expect((await admin.query(`SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = 'customer_onboarding'`)).rows).toEqual([{ owner: 'onboarding_init' }]);
  });

  it('a schema known current costs no query in the same process, and one round trip in a new one', async () => {
    const before = runtime.queries();
    await runtime.ensureFlowSchema('customer-onboarding');
    expect(runtime.queries()).toBe(before);
    const fresh = createRuntime({ domain: 'onboarding', connection: db.initUrl, generated: GENERATED });
    try {
      await fresh.ensureFlowSchema('customer-onboarding');
      expect(fresh.queries()).toBe(1);
    } finally {
      await fresh.close();
    }
  });

  it('flows that never started stay uncreated through upgrade', async () => {
    expect(await runtime.upgrade()).toEqual([]);
    expect((await admin.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'document_approval'`)).rows[0].n).toBe(0);
  });

  it('upgrade applies a newer flow version\'s migration to created schemas only', async () => {
    const gen = copyGenerated();
    try {
      const sql = '-- a newer version\nALTER TABLE "customer_onboarding"."documents" ADD COLUMN "pages" integer;\n';
      writeFileSync(join(gen, 'onboarding/flows/customer_onboarding/migrations/0004_1.3.0.sql'), sql);
      const m = JSON.parse(readFileSync(join(gen, 'onboarding/manifest.json'), 'utf8')) as Manifest;
      const entry = m.schemas.find((s) => s.flow === 'customer-onboarding')! as unknown as { version: string; migrations: unknown[] };
      entry.version = '1.3.0';
      entry.migrations.push({ id: '0004_1.3.0', file: 'flows/customer_onboarding/migrations/0004_1.3.0.sql', fromVersion: '1.2.0', toVersion: '1.3.0', sha256: sha256(sql) });
      writeFileSync(join(gen, 'onboarding/manifest.json'), JSON.stringify(m));
      const newer = createRuntime({ domain: 'onboarding', connection: db.initUrl, generated: gen });
      try {
        expect(await newer.upgrade()).toEqual(['customer_onboarding/0004_1.3.0']);
        expect(await newer.upgrade()).toEqual([]);
      } finally {
        await newer.close();
      }
      const columns = await admin.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'customer_onboarding' AND table_name = 'documents' AND column_name = 'pages'`);
      expect(columns.rowCount).toBe(1);
      // The committed artifacts do not know 0004: this database is newer than them.
      const older = createRuntime({ domain: 'onboarding', connection: db.initUrl, generated: GENERATED });
      try {
        await expect(older.upgrade()).rejects.toBeInstanceOf(DowngradeError);
        await expect(older.upgrade()).rejects.toThrow('schema customer_onboarding has applied migrations these artifacts do not know (0004_1.3.0): refusing to downgrade');
      } finally {
        await older.close();
      }
    } finally {
      rmSync(gen, { recursive: true, force: true });
    }
  });

  it('a tampered or missing migration file is refused with a typed error naming the file', async () => {
    const gen = copyGenerated();
    const dbT = await bootstrappedDatabase('runtime_tamper', 'onboarding');
    const setup = createRuntime({ domain: 'onboarding', connection: dbT.initUrl, generated: GENERATED });
    await setup.ensureFlowSchema('customer-onboarding');
    await setup.close();
    try {
      const file = join(gen, 'onboarding/flows/customer_onboarding/migrations/0002_1.1.0.sql');
      writeFileSync(file, `${readFileSync(file, 'utf8')}-- tampered\n`);
      const r = createRuntime({ domain: 'onboarding', connection: dbT.initUrl, generated: gen });
      try {
        const error = await r.ensureFlowSchema('customer-onboarding').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ChecksumMismatchError);
        expect((error as ChecksumMismatchError).file).toBe(file);
      } finally {
        await r.close();
      }
      rmSync(file);
      const r2 = createRuntime({ domain: 'onboarding', connection: dbT.initUrl, generated: gen });
      try {
        const error = await r2.ensureFlowSchema('customer-onboarding').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MissingMigrationError);
        expect((error as Error).message).toBe(`${file}: migration of schema customer_onboarding is listed in the manifest but the file is missing`);
      } finally {
        await r2.close();
      }
    } finally {
      await dbT.drop();
      rmSync(gen, { recursive: true, force: true });
    }
  });

  it('a pending migration whose file differs from the manifest is refused as changed, not as applied, and nothing is applied', async () => {
    const gen = copyGenerated();
    const dbP = await bootstrappedDatabase('runtime_pending', 'onboarding');
    const setup = createRuntime({ domain: 'onboarding', connection: dbP.initUrl, generated: GENERATED });
    await setup.ensureFlowSchema('customer-onboarding');
    await setup.close();
    try {
      const file = join(gen, 'onboarding/flows/customer_onboarding/migrations/0004_1.3.0.sql');
      writeFileSync(file, 'ALTER TABLE "customer_onboarding"."documents" ADD COLUMN "pages" integer;\n');
      const m = JSON.parse(readFileSync(join(gen, 'onboarding/manifest.json'), 'utf8')) as Manifest;
      const entry = m.schemas.find((s) => s.flow === 'customer-onboarding')! as unknown as { version: string; migrations: unknown[] };
      entry.version = '1.3.0';
      const promised = sha256('ALTER TABLE "customer_onboarding"."documents" ADD COLUMN "pages" bigint;\n');
      entry.migrations.push({ id: '0004_1.3.0', file: 'flows/customer_onboarding/migrations/0004_1.3.0.sql', fromVersion: '1.2.0', toVersion: '1.3.0', sha256: promised });
      writeFileSync(join(gen, 'onboarding/manifest.json'), JSON.stringify(m));
      const r = createRuntime({ domain: 'onboarding', connection: dbP.initUrl, generated: gen });
      try {
        const error = await r.upgrade().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ChecksumMismatchError);
        expect((error as ChecksumMismatchError).state).toBe('pending');
        expect((error as Error).message).toBe(`${file}: its sha256 (${sha256(readFileSync(file, 'utf8')).slice(0, 12)}…) differs from the manifest's (${promised.slice(0, 12)}…); the file was changed after it was generated: restore it`);
      } finally {
        await r.close();
      }
      const c = await connect(dbP.adminUrl);
      try {
        expect((await c.query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = 'customer_onboarding' AND column_name = 'pages'`)).rows[0].n).toBe(0);
      } finally {
        await c.end();
      }
    } finally {
      await dbP.drop();
      rmSync(gen, { recursive: true, force: true });
    }
  });

  it('a system migration whose history row was edited is refused on start, and nothing is applied', async () => {
    const dbS = await bootstrappedDatabase('runtime_system_tamper', 'onboarding');
    const c = await connect(dbS.adminUrl);
    try {
      const first = createRuntime({ domain: 'onboarding', connection: dbS.initUrl, generated: GENERATED });
      await first.start().finally(() => first.close());
      await c.query(`UPDATE sys_schemas.migration_history SET sha256 = 'edited' WHERE schema_name = 'sys_schemas' AND migration_id = 'system_0001'`);
      const again = createRuntime({ domain: 'onboarding', connection: dbS.initUrl, generated: GENERATED });
      const error = await again.ensureFlowSchema('customer-onboarding').catch((e: unknown) => e).finally(() => again.close());
      expect(error).toBeInstanceOf(ChecksumMismatchError);
      expect((error as Error).message).toMatch(/^system migration system_0001: schema sys_schemas applied this migration with sha256 edited…, but the file now has [0-9a-f]{12}…; an applied migration must never change$/);
      expect((await c.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'customer_onboarding'`)).rows[0].n).toBe(0);
    } finally {
      await c.end();
      await dbS.drop();
    }
  });

  it('a migration that fails halfway leaves no trace; after the fix the next start completes', async () => {
    const gen = copyGenerated();
    try {
      const path = join(gen, 'notification/flows/notification_dispatch/migrations/0001_1.0.0.sql');
      const good = readFileSync(path, 'utf8');
      const bad = good.replace('CREATE INDEX', 'CREATE INDX');
      writeFileSync(path, bad);
      const m = JSON.parse(readFileSync(join(gen, 'notification/manifest.json'), 'utf8')) as Manifest;
      (m.schemas[0]!.migrations[0] as { sha256: string }).sha256 = sha256(bad);
      writeFileSync(join(gen, 'notification/manifest.json'), JSON.stringify(m));
      const dbN = await bootstrappedDatabase('runtime_fault', 'notification');
      const r = createRuntime({ domain: 'notification', connection: dbN.initUrl, generated: gen });
      const c = await connect(dbN.adminUrl);
      try {
        const error = await r.ensureFlowSchema('notification-dispatch').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MigrationFailedError);
        expect((error as MigrationFailedError).sqlstate).toBe('42601');
        expect((error as Error).message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} at line \\d+: syntax error at or near "INDX" \\(SQLSTATE 42601\\)\\n  statement: CREATE INDX`));
        expect((await c.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'notification_dispatch'`)).rows[0].n).toBe(0);
        expect((await c.query(`SELECT count(*)::int AS n FROM sys_schemas.migration_history WHERE schema_name = 'notification_dispatch'`)).rows[0].n).toBe(0);
        writeFileSync(path, good);
        (m.schemas[0]!.migrations[0] as { sha256: string }).sha256 = sha256(good);
        writeFileSync(join(gen, 'notification/manifest.json'), JSON.stringify(m));
        const fixed = createRuntime({ domain: 'notification', connection: dbN.initUrl, generated: gen });
        try {
          await fixed.ensureFlowSchema('notification-dispatch');
        } finally {
          await fixed.close();
        }
        expect((await c.query(`SELECT migration_id FROM sys_schemas.migration_history WHERE schema_name = 'notification_dispatch'`)).rows).toEqual([{ migration_id: '0001_1.0.0' }]);
      } finally {
        await c.end();
        await r.close();
        await dbN.drop();
      }
    } finally {
      rmSync(gen, { recursive: true, force: true });
    }
  });

  it('roles: execution reads flow data only, orchestration writes flow data and only reads the system schemas', async () => {
    const exec = asRole(db, 'onboarding_execution');
    await exec.connect();
    try {
      expect((await exec.query('SELECT key FROM customer_onboarding.instances')).rows).toEqual([{ key: 'c-1' }]);
      await expect(exec.query(`INSERT INTO customer_onboarding.instances (key, flow_version, current_state) VALUES ('x', '1', 's')`)).rejects.toMatchObject({ code: '42501' });
      await expect(exec.query(`UPDATE customer_onboarding.instances SET status = 'faulted'`)).rejects.toMatchObject({ code: '42501' });
      await expect(exec.query(`DELETE FROM customer_onboarding.risk_rules`)).rejects.toMatchObject({ code: '42501' });
      await expect(exec.query('SELECT * FROM sys_schemas.registry')).rejects.toMatchObject({ code: '42501' });
      await expect(exec.query('CREATE TABLE customer_onboarding.evil (id int)')).rejects.toMatchObject({ code: '42501' });
    } finally {
      await exec.end();
    }
    const orch = asRole(db, 'onboarding_orchestration');
    await orch.connect();
    try {
      await orch.query(`INSERT INTO customer_onboarding.instances (key, flow_version, current_state) VALUES ('o-1', '1.2.0', 'collect-info')`);
      await orch.query(`INSERT INTO customer_onboarding.instance_transitions (instance_id, transition, from_state, to_state) SELECT id, 'submit', 'collect-info', 'kyc-check' FROM customer_onboarding.instances WHERE key = 'o-1'`);
      expect((await orch.query(`SELECT count(*)::int AS n FROM sys_schemas.registry`)).rows[0].n).toBeGreaterThan(6);
      await expect(orch.query(`DELETE FROM sys_schemas.migration_history`)).rejects.toMatchObject({ code: '42501' });
      await expect(orch.query(`INSERT INTO sys_flows.definitions (key, version, content, sha256) VALUES ('x', '1', '{}', 'x')`)).rejects.toMatchObject({ code: '42501' });
    } finally {
      await orch.end();
    }
  });

  it("a domain's roles cannot connect to another domain's database", async () => {
    const other = await bootstrappedDatabase('runtime_other', 'payment');
    const r = createRuntime({ domain: 'payment', connection: other.initUrl, generated: GENERATED });
    try {
      await r.start();
      const intruder = asRole(other, 'onboarding_execution');
      await expect(intruder.connect()).rejects.toMatchObject({ code: '42501' });
      const owner = asRole(other, 'payment_execution');
      await owner.connect();
      await owner.end();
      const stranger = asRole(db, 'payment_orchestration');
      await expect(stranger.connect()).rejects.toMatchObject({ code: '42501' });
    } finally {
      await r.close();
      await other.drop();
    }
  });
});

describe('deploy of every component kind', () => {
  it('tasks, views, functions and extensions land in their system schemas', async () => {
    const db = await bootstrappedDatabase('deploy_kinds', 'notification');
    const r = createRuntime({ domain: 'notification', connection: db.initUrl, generated: GENERATED });
    try {
      expect(await r.deploy()).toEqual({
        stored: ['flows/notification-dispatch@1.0.0', 'tasks/send-sms@1.0.0', 'views/dispatch-summary@1.0.0', 'functions/delivery-status@1.0.0', 'extensions/dispatch-metrics@1.0.0'],
        unchanged: 0,
      });
      const c = await connect(db.adminUrl);
      try {
        const rows = await c.query(`SELECT 'tasks' AS kind, key, content->>'flow' AS flow FROM sys_tasks.definitions UNION ALL SELECT 'views', key, content->>'flow' FROM sys_views.definitions UNION ALL SELECT 'functions', key, content->>'flow' FROM sys_functions.definitions UNION ALL SELECT 'extensions', key, content->>'flow' FROM sys_extensions.definitions ORDER BY 1`);
        expect(rows.rows).toEqual([
          { kind: 'extensions', key: 'dispatch-metrics', flow: 'sys-extensions' },
          { kind: 'functions', key: 'delivery-status', flow: 'sys-functions' },
          { kind: 'tasks', key: 'send-sms', flow: 'sys-tasks' },
          { kind: 'views', key: 'dispatch-summary', flow: 'sys-views' },
        ]);
      } finally {
        await c.end();
      }
    } finally {
      await r.close();
      await db.drop();
    }
  });
});

describe('migration lock', () => {
  it('waits a bounded time for another process and then fails with a clear timeout error naming the holder', async () => {
    const db = await bootstrappedDatabase('lock_timeout', 'payment');
    const r = createRuntime({ domain: 'payment', connection: db.initUrl, generated: GENERATED, lockWaitMs: 300 });
    // Another runtime of the domain (only the init role may take advisory locks here).
    const holder = await connect(db.initUrl);
    try {
      await r.start();
      await holder.query('SELECT pg_advisory_lock(hashtext($1), hashtext($2))', ['flowschema:payment', 'payment_process']);
      const started = Date.now();
      const error = await r.ensureFlowSchema('payment-process').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LockTimeoutError);
      const pid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      expect((error as Error).message).toBe(`timed out after 300 ms waiting for the migration lock of schema payment_process: process ${pid} (role payment_init) holds it`);
      // Polled (pg_try_advisory_lock), never waited for in a statement: no PostgreSQL error behind it.
      expect((error as Error).cause).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(5_000);
      await holder.query('SELECT pg_advisory_unlock_all()');
      await r.ensureFlowSchema('payment-process');
      expect((await holder.query(`SELECT migration_id FROM sys_schemas.migration_history WHERE schema_name = 'payment_process'`)).rows).toEqual([{ migration_id: '0001_3.1.0' }]);
    } finally {
      await holder.end();
      await r.close();
      await db.drop();
    }
  });

  it('the service roles cannot take, hold or wait for the runtime\'s lock', async () => {
    const db = await bootstrappedDatabase('lock_roles', 'payment');
    try {
      for (const kind of ['orchestration', 'execution'] as const) {
        const c = await connect(db.url(kind));
        try {
          for (const call of ["pg_advisory_lock(hashtext('flowschema:payment'), hashtext('payment_process'))", "pg_try_advisory_lock(hashtext('flowschema:payment'), hashtext('payment_process'))", "pg_advisory_xact_lock(hashtext('flowschema:payment'), hashtext('(domain)'))", 'pg_advisory_lock(42)', 'pg_try_advisory_lock_shared(42)'])
            await expect(c.query(`SELECT ${call}`), `${kind}: ${call}`).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/^permission denied for function pg_(try_)?advisory_/) });
          await expect(c.query('SELECT lo_create(0)')).rejects.toMatchObject({ code: '42501', message: 'permission denied for function lo_create' });
          await expect(c.query('SELECT lo_from_bytea(0, $1)', [Buffer.from('x')])).rejects.toMatchObject({ code: '42501' });
          await expect(c.query('CREATE TEMP TABLE t (x int)')).rejects.toMatchObject({ code: '42501', message: `permission denied to create temporary tables in database "${db.name}"` });
        } finally {
          await c.end();
        }
      }
    } finally {
      await db.drop();
    }
  });
});
