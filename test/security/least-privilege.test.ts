import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDrift } from '../../src/drift/index.ts';
import { bootstrapProblems, createRuntime, MigrationFailedError, UnsafeConnectionError } from '../../src/runtime/index.ts';
import { flowschema } from '../support/cli.ts';
import { connect, serverUrl } from '../support/db.ts';
import { bootstrappedDatabase, type TestDomainDatabase } from '../support/domain-db.ts';
import { dropRoles, ledgerProject } from '../support/security-project.ts';

describe('the runtime runs only as a least-privileged init role', () => {
  let db: TestDomainDatabase;
  let admin: pg.Client;
  let project: string;
  let GENERATED: string;
  const domain = 'sec-boundary';
  beforeAll(async () => {
    project = ledgerProject(domain);
    GENERATED = join(project, 'generated');
    db = await bootstrappedDatabase('boundary', domain);
    admin = await connect(db.adminUrl);
  });
  afterAll(async () => {
    await admin?.end();
    await db?.drop();
    await dropRoles(domain);
    rmSync(project, { recursive: true, force: true });
  });

  it('refuses a superuser connection before running anything', async () => {
    const r = createRuntime({ domain, connection: db.adminUrl, generated: GENERATED });
    try {
      const error = await r.start().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnsafeConnectionError);
      expect((error as Error).message).toBe("the runtime must log in as the domain's init role sec_boundary_init, not as postgres: connect with sec_boundary_init's credentials (see docs/security.md)");
      // and a superuser that SET ROLEs to the init role is no better
      await expect(r.ensureFlowSchema('ledger')).rejects.toBeInstanceOf(UnsafeConnectionError);
    } finally {
      await r.close();
    }
    const schemas = await admin.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'sys\\_%' OR nspname = 'ledger'`);
    expect(schemas.rows).toEqual([]);
  });

  it('refuses an init role with more powers than LOGIN, one that is a member of a role, and one with members', async () => {
    const attempt = async () => {
      const r = createRuntime({ domain, connection: db.initUrl, generated: GENERATED });
      try {
        return await r.start().then(() => 'started', (e: Error) => `${e.name}: ${e.message}`);
      } finally {
        await r.close();
      }
    };
    for (const power of ['SUPERUSER', 'CREATEDB', 'CREATEROLE', 'BYPASSRLS']) {
      await admin.query(`ALTER ROLE sec_boundary_init ${power}`);
      try {
        expect(await attempt()).toBe(`UnsafeConnectionError: role sec_boundary_init has ${power}: migrations would run with those powers; refusing (run flowschema bootstrap as an administrator, or ALTER ROLE sec_boundary_init NO${power})`);
      } finally {
        await admin.query(`ALTER ROLE sec_boundary_init NO${power}`);
      }
    }
    await admin.query('GRANT pg_read_all_data TO sec_boundary_init');
    try {
      expect(await attempt()).toBe('UnsafeConnectionError: role sec_boundary_init is a member of pg_read_all_data: migrations could use that role\'s powers; refusing (REVOKE "pg_read_all_data" FROM sec_boundary_init)');
    } finally {
      await admin.query('REVOKE pg_read_all_data FROM sec_boundary_init');
    }
    await admin.query('GRANT sec_boundary_init TO sec_boundary_execution');
    try {
      expect(await attempt()).toBe('UnsafeConnectionError: role sec_boundary_execution is a member of sec_boundary_init and could act as it; refusing (REVOKE sec_boundary_init FROM "sec_boundary_execution")');
    } finally {
      await admin.query('REVOKE sec_boundary_init FROM sec_boundary_execution');
    }
    expect(await attempt()).toBe('started');
  });

  it("a migration's transaction fails when the init role has been granted to anyone, and nothing of it stays", async () => {
    const r = createRuntime({ domain, connection: db.initUrl, generated: GENERATED });
    try {
      await r.start();
      await admin.query('GRANT sec_boundary_init TO sec_boundary_orchestration');
      let error: unknown;
      try {
        error = await r.ensureFlowSchema('ledger').catch((e: unknown) => e);
      } finally {
        await admin.query('REVOKE sec_boundary_init FROM sec_boundary_orchestration');
      }
      expect(error).toBeInstanceOf(MigrationFailedError);
      expect((error as Error).message).toBe(
        `${join(GENERATED, 'sec-boundary/flows/ledger/migrations/0001_1.0.0.sql')}: flowschema: role sec_boundary_init may not be granted to any role: the migration tried to, or an administrator did (REVOKE it) (SQLSTATE 42501)`,
      );
      expect((await admin.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'ledger'`)).rows[0].n).toBe(0);
      await r.ensureFlowSchema('ledger');
      expect((await admin.query(`SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = 'ledger'`)).rows).toEqual([{ owner: 'sec_boundary_init' }]);
    } finally {
      await r.close();
    }
  });

  it("drift's scratch builds run as the init role too: a tampered migration there cannot create a role", async () => {
    const r = createRuntime({ domain, connection: db.initUrl, generated: GENERATED });
    await r.ensureFlowSchema('ledger').finally(() => r.close());
    const tampered = mkdtempSync(join(tmpdir(), 'flowschema-drift-tamper-'));
    try {
      cpSync(GENERATED, tampered, { recursive: true });
      const file = join(tampered, domain, 'flows/ledger/migrations/0001_1.0.0.sql');
      writeFileSync(file, `${readFileSync(file, 'utf8')}RESET ROLE; CREATE ROLE pwn_drift SUPERUSER LOGIN;\n`);
      const error = await checkDrift({ domain, connection: db.initUrl, scratch: db.driftUrl, generated: tampered }).catch((e: Error) => e);
      expect((error as Error).message).toBe(`${file}: must be superuser to create superusers (SQLSTATE 42501)`);
      expect((await admin.query(`SELECT count(*)::int AS n FROM pg_roles WHERE rolname = 'pwn_drift'`)).rows[0].n).toBe(0);
      // and the scratch database is left empty of what the check built
      const scratch = await connect(new URL(`/${db.driftName}`, serverUrl()).toString());
      try {
        expect((await scratch.query(`SELECT nspname FROM pg_namespace WHERE nspowner = 'sec_boundary_init'::regrole`)).rows).toEqual([]);
      } finally {
        await scratch.end();
      }
    } finally {
      rmSync(tampered, { recursive: true, force: true });
    }
  });

  it('a role-level search_path cannot shadow the catalogs: the runtime refuses it, and drift still sees a hidden trigger', async () => {
    const r = createRuntime({ domain, connection: db.initUrl, generated: GENERATED });
    await r.ensureFlowSchema('ledger').finally(() => r.close());
    // Found by the red-team review: views that hide a trigger, put before pg_catalog by the role's settings.
    await admin.query(`CREATE SCHEMA shadow AUTHORIZATION sec_boundary_init;
      CREATE VIEW shadow.pg_trigger AS SELECT * FROM pg_catalog.pg_trigger WHERE tgname <> 'evil';
      CREATE VIEW shadow.pg_db_role_setting AS SELECT * FROM pg_catalog.pg_db_role_setting WHERE false;
      CREATE FUNCTION shadow.steal() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      CREATE TRIGGER evil AFTER INSERT ON ledger.instance_data FOR EACH ROW EXECUTE FUNCTION shadow.steal();
      ALTER ROLE sec_boundary_init SET search_path = shadow, pg_catalog`);
    try {
      const again = createRuntime({ domain, connection: db.initUrl, generated: GENERATED });
      const error = await again.start().catch((e: Error) => e).finally(() => again.close());
      expect((error as Error).message).toBe('role sec_boundary_init has settings of its own (search_path=shadow, pg_catalog), which apply to every migration\'s session; refusing (ALTER ROLE sec_boundary_init RESET ALL, or run flowschema bootstrap)');
      // drift reads the live catalogs with the search path pinned; building what it compares with, it refuses the role as the runtime does
      const drift = await checkDrift({ domain, connection: db.initUrl, scratch: db.driftUrl, generated: GENERATED }).catch((e: Error) => e);
      expect((drift as Error).message).toBe((error as Error).message);
    } finally {
      await admin.query('ALTER ROLE sec_boundary_init RESET ALL');
    }
    try {
      // with the setting gone, the hidden trigger is found
      const report = await checkDrift({ domain, connection: db.initUrl, scratch: db.driftUrl, generated: GENERATED });
      expect(report.findings.map((f) => `${f.schema} ${f.kind} ${f.object}`)).toContain('ledger trigger added instance_data.evil');
    } finally {
      await admin.query('DROP TRIGGER evil ON ledger.instance_data; DROP SCHEMA shadow CASCADE');
    }
  });

  it('orchestration and execution run no DDL; execution writes nothing', async () => {
    const r = createRuntime({ domain, connection: db.initUrl, generated: GENERATED });
    await r.ensureFlowSchema('ledger').finally(() => r.close());
    for (const kind of ['orchestration', 'execution'] as const) {
      const c = await connect(db.url(kind));
      try {
        for (const ddl of ['CREATE TABLE ledger.evil (id int)', 'ALTER TABLE ledger.instances ADD COLUMN evil int', 'DROP TABLE ledger.instance_transitions', 'CREATE SCHEMA evil', 'CREATE TABLE public.evil (id int)', 'CREATE FUNCTION ledger.evil() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$'])
          await expect(c.query(ddl), `${kind}: ${ddl}`).rejects.toMatchObject({ code: '42501' });
        if (kind === 'execution') await expect(c.query(`INSERT INTO ledger.instances (key, flow_version, current_state) VALUES ('x', '1', 's')`)).rejects.toMatchObject({ code: '42501' });
      } finally {
        await c.end();
      }
    }
  });

  it('bootstrapProblems names what is missing; nothing is missing after bootstrap', async () => {
    const c = await connect(db.initUrl);
    try {
      expect(await bootstrapProblems(c, { domain, database: db.name, driftDatabase: db.driftName })).toEqual([]);
      expect(await bootstrapProblems(c, { domain, database: db.name, driftDatabase: 'no_such_drift_db' })).toEqual(['the drift database no_such_drift_db does not exist']);
    } finally {
      await c.end();
    }
    await admin.query(`GRANT CONNECT, TEMP ON DATABASE ${db.name} TO PUBLIC`);
    const c2 = await connect(db.initUrl);
    try {
      expect(await bootstrapProblems(c2, { domain, database: db.name, driftDatabase: db.driftName })).toEqual(['PUBLIC may connect to the database', 'PUBLIC may create temporary tables in the database']);
    } finally {
      await c2.end();
      await admin.query(`REVOKE ALL ON DATABASE ${db.name} FROM PUBLIC`);
    }
  });
});
