import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase, passwordVariable, rolePasswords } from '../../src/db/index.ts';
import { checkDrift } from '../../src/drift/index.ts';
import { rolesOf } from '../../src/model/index.ts';
import { bootstrapDomain, bootstrapProblems, bootstrapSql, createRuntime, MigrationFailedError, openDomain, UnsafeConnectionError } from '../../src/runtime/index.ts';
import { flowschema } from '../support/cli.ts';
import { ROOT } from '../support/compile-dir.ts';
import { connect, serverUrl } from '../support/db.ts';
import { bootstrappedDatabase, passwordEnv, testPasswords, type TestDomainDatabase } from '../support/domain-db.ts';

/** Roles are cluster-wide: every domain these tests create is dropped at the end. */
async function dropRoles(...domains: string[]): Promise<void> {
  const admin = await connect(serverUrl());
  try {
    for (const d of domains) for (const role of Object.values(rolesOf(d))) await admin.query(`DROP ROLE IF EXISTS ${role}`);
  } finally {
    await admin.end();
  }
}

/** A one-flow domain of these tests' own (its roles' powers and memberships are changed here), compiled into a temp folder. */
function ledgerProject(domain: string): string {
  const project = mkdtempSync(join(tmpdir(), 'flowschema-boundary-'));
  mkdirSync(join(project, 'definitions', domain), { recursive: true });
  writeFileSync(join(project, 'definitions', domain, 'domain.ts'), `import { defineDomain } from 'flowschema';\nexport default defineDomain({ name: '${domain}' });\n`);
  writeFileSync(
    join(project, 'definitions', domain, 'ledger.flow.ts'),
    `import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'ledger', domain: '${domain}', version: '1.0.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  tables: { entries: { columns: { id: { type: 'uuid', primaryKey: true, default: sql('gen_random_uuid()') }, amount: { type: 'numeric', precision: 12, scale: 2 } }, checks: { positive: 'amount > 0' } } },
});
`,
  );
  expect(flowschema(['compile'], project).status).toBe(0);
  return project;
}

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
      const error = await checkDrift({ domain, connection: db.initUrl, scratch: db.driftUrl, generated: tampered, explain: false }).catch((e: Error) => e);
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
      const drift = await checkDrift({ domain, connection: db.initUrl, scratch: db.driftUrl, generated: GENERATED, explain: false }).catch((e: Error) => e);
      expect((drift as Error).message).toBe((error as Error).message);
    } finally {
      await admin.query('ALTER ROLE sec_boundary_init RESET ALL');
    }
    try {
      // with the setting gone, the hidden trigger is found
      const report = await checkDrift({ domain, connection: db.initUrl, scratch: db.driftUrl, generated: GENERATED, explain: false });
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

describe('credentials: a password of its own for every role', () => {
  it('each example domain has three distinct roles, each with its own generated password, kept 0600 in a 0700 folder', () => {
    const secrets = join(mkdtempSync(join(tmpdir(), 'flowschema-secrets-')), '.flowschema', 'secrets');
    try {
      const all: string[] = [];
      for (const domain of readdirSync(join(ROOT, 'generated')).sort()) {
        const roles = rolesOf(domain);
        expect(new Set(Object.values(roles)).size).toBe(3);
        const passwords = rolePasswords(roles, { env: {}, secretsDir: secrets });
        all.push(...Object.values(passwords));
        // the same on a second read: generated once, then kept
        expect(rolePasswords(roles, { env: {}, secretsDir: secrets })).toEqual(passwords);
        for (const role of Object.values(roles)) expect(statSync(join(secrets, role)).mode & 0o777).toBe(0o600);
      }
      expect(new Set(all).size).toBe(all.length);
      expect(statSync(secrets).mode & 0o777).toBe(0o700);
      // an environment variable wins over the kept secret; without either and without a folder, an error says which variable
      expect(rolePasswords(rolesOf('idm'), { env: { [passwordVariable('idm_init')]: 'from-env' }, secretsDir: secrets }).init).toBe('from-env');
      expect(() => rolePasswords(rolesOf('idm'), { env: {} })).toThrow('no password for role idm_init: set FLOWSCHEMA_PASSWORD_IDM_INIT');
    } finally {
      rmSync(join(secrets, '..', '..'), { recursive: true, force: true });
    }
  });

  it("a role's password opens that role only", async () => {
    const db = await bootstrappedDatabase('passwords', 'idm');
    try {
      const passwords = testPasswords('idm');
      const as = (role: string, password: string) => {
        const url = new URL(db.adminUrl);
        url.username = role;
        url.password = password;
        return new pg.Client({ connectionString: url.toString() });
      };
      await expect(as('idm_init', passwords.execution).connect()).rejects.toMatchObject({ code: '28P01' });
      await expect(as('idm_init', passwords.orchestration).connect()).rejects.toMatchObject({ code: '28P01' });
      const ok = as('idm_init', passwords.init);
      await ok.connect();
      await ok.end();
    } finally {
      await db.drop();
    }
  });
});

const hasPsql = spawnSync('psql', ['--version']).status === 0;

describe('without a superuser: a DBA runs bootstrap --sql once, then up, start, status and drift log in as the domain roles only', () => {
  const domain = 'sec-dba';
  let project: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    project = ledgerProject(domain);
    // The domain roles' passwords, as a secret store would give them; the server URL carries no usable credentials.
    const server = new URL(serverUrl());
    server.username = 'nobody';
    server.password = 'nothing';
    env = { ...passwordEnv([domain]), DATABASE_URL: server.toString() };
    for (const d of ['sec_dba_db', 'sec_dba_drift']) await dropDatabase(serverUrl(), d);
  });
  afterAll(async () => {
    for (const d of ['sec_dba_db', 'sec_dba_drift']) await dropDatabase(serverUrl(), d);
    await dropRoles(domain, 'sec-dba-two');
    rmSync(project, { recursive: true, force: true });
  });

  it('before the bootstrap, up says what is missing and who must fix it, in one line, and changes nothing', async () => {
    const run = flowschema(['up'], project, env);
    const c = await connect(serverUrl());
    try {
      expect((await c.query(`SELECT rolname AS name FROM pg_roles WHERE rolname LIKE 'sec\\_dba\\_%' UNION ALL SELECT datname FROM pg_database WHERE datname LIKE 'sec\\_dba\\_%'`)).rows).toEqual([]);
    } finally {
      await c.end();
    }
    expect(run.status).toBe(1);
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(run.stderr).toMatch(/^flowschema: domain sec-dba is not bootstrapped \(sec_dba_init cannot log in to sec_dba_db: password authentication failed for user "sec_dba_init"\), and bootstrapping it as nobody failed \(password authentication failed for user "nobody"\): an administrator must run flowschema bootstrap --domain sec-dba \(or its --sql output\) once\n$/);
  });

  it.skipIf(!hasPsql)('bootstrap --sql prints what the DBA runs with psql (twice: it changes nothing the second time)', () => {
    const printed = flowschema(['bootstrap', '--sql'], project, env);
    expect(printed.status).toBe(0);
    expect(printed.stdout).toBe(bootstrapSql({ domain, passwords: testPasswords(domain) }));
    expect(printed.stdout.split('\n').slice(0, 2)).toEqual(['-- flowschema bootstrap of domain sec-dba: roles sec_dba_init, sec_dba_orchestration, sec_dba_execution;', '-- databases sec_dba_db and sec_dba_drift. Run it once as a superuser, with psql:']);
    for (let i = 0; i < 2; i++) {
      const psql = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', '-', serverUrl()], { input: printed.stdout, encoding: 'utf8' });
      expect({ status: psql.status, stderr: psql.stderr }).toEqual({ status: 0, stderr: '' });
    }
  });

  it.skipIf(!hasPsql)('then up, start, status and drift work with the domain roles\' credentials alone', async () => {
    const up = flowschema(['up'], project, env);
    expect(up.stderr).toBe('');
    expect(up.status).toBe(0);
    expect(up.stdout).not.toContain('bootstrapped');
    const start = flowschema(['start', 'ledger', '--key', 'l-1'], project, env);
    expect(start.stderr).toBe('');
    expect(JSON.parse(start.stdout)).toMatchObject({ key: 'l-1', currentState: 'open' });
    expect(flowschema(['status'], project, env).status).toBe(0);
    const drift = flowschema(['drift'], project, env);
    expect(drift.stdout).toBe('domain sec-dba (sec_dba_db): no drift in 7 schema(s)\n');
    expect(drift.status).toBe(0);
    // Who did what: the schema belongs to the init role, the instance was written by the orchestration role.
    const c = await connect(new URL(`/sec_dba_db`, serverUrl()).toString());
    try {
      expect((await c.query(`SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = 'ledger'`)).rows).toEqual([{ owner: 'sec_dba_init' }]);
      expect((await c.query(`SELECT DISTINCT applied_by FROM sys_schemas.migration_history`)).rows).toEqual([{ applied_by: 'sec_dba_init' }]);
    } finally {
      await c.end();
    }
  });

  it('openDomain with bootstrap never: what is missing, without changing it', async () => {
    const error = await openDomain({ serverUrl: serverUrl(), domain: 'sec-dba-two', passwords: { env: passwordEnv(['sec-dba-two']) }, bootstrap: 'never' }).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      'domain sec-dba-two is not bootstrapped (sec_dba_two_init cannot log in to sec_dba_two_db: password authentication failed for user "sec_dba_two_init"): an administrator must run flowschema bootstrap --domain sec-dba-two (or its --sql output) once',
    );
    const c = await connect(serverUrl());
    try {
      expect((await c.query(`SELECT rolname FROM pg_roles WHERE rolname LIKE 'sec_dba_two%'`)).rows).toEqual([]);
    } finally {
      await c.end();
    }
  });
});

describe('bootstrap takes over nothing that is not the domain\'s', () => {
  afterAll(async () => {
    for (const d of ['sec_victim_db', 'sec_victim_drift', 'sec_legacy_db', 'sec_legacy_drift', 'sec_fresh_db', 'sec_fresh_drift']) await dropDatabase(serverUrl(), d);
    const admin = await connect(serverUrl());
    try {
      await admin.query('DROP ROLE IF EXISTS sec_victim_execution');
    } finally {
      await admin.end();
    }
    await dropRoles('sec-victim', 'sec-legacy', 'sec-fresh');
  });

  it("a role or a database that merely has a domain's name is refused, and left as it was", async () => {
    const admin = await connect(serverUrl());
    try {
      // Someone else's (found by the red-team review): an application role and a database with data.
      await admin.query('CREATE ROLE sec_victim_execution LOGIN CREATEDB');
      await admin.query('CREATE DATABASE sec_victim_db');
      const victim = await connect(new URL('/sec_victim_db', serverUrl()).toString());
      await victim.query('CREATE TABLE public.customers (id int)').finally(() => victim.end());
      const state = async () =>
        (
          await admin.query(
            `SELECT (SELECT rolcreatedb::text || ' ' || rolinherit::text || ' ' || coalesce(shobj_description(oid, 'pg_authid'), '-') FROM pg_roles WHERE rolname = 'sec_victim_execution') AS role,
                    (SELECT coalesce(datacl::text, 'default') || ' ' || coalesce(shobj_description(oid, 'pg_database'), '-') FROM pg_database WHERE datname = 'sec_victim_db') AS db,
                    (SELECT count(*)::int FROM pg_roles WHERE rolname LIKE 'sec\\_victim\\_%') AS roles`,
          )
        ).rows[0];
      const before = await state();
      const error = await openDomain({ serverUrl: serverUrl(), domain: 'sec-victim', passwords: { env: passwordEnv(['sec-victim']) } }).catch((e: Error) => e);
      expect((error as Error).message).toContain(
        "refusing to bootstrap domain sec-victim: role sec_victim_execution exists, database sec_victim_db exists, not made by flowschema for it (no 'flowschema domain sec-victim' comment): choose another domain name, or, as their administrator, drop them or mark them as the domain's (COMMENT ON ROLE|DATABASE … IS 'flowschema domain sec-victim')",
      );
      expect(await state()).toEqual(before);
    } finally {
      await admin.end();
    }
  });

  it('a database a flowschema without tags made (stamped with the domain) is adopted with its roles, and so is an empty one', async () => {
    const passwords = { env: passwordEnv(['sec-legacy', 'sec-fresh']) };
    const legacy = await openDomain({ serverUrl: serverUrl(), domain: 'sec-legacy', passwords });
    const r = createRuntime({ domain: 'sec-legacy', connection: legacy.url('init'), generated: join(ROOT, 'generated') });
    await r.start().finally(() => r.close());
    const admin = await connect(serverUrl());
    try {
      for (const role of Object.values(rolesOf('sec-legacy'))) await admin.query(`COMMENT ON ROLE ${role} IS NULL`);
      for (const db of ['sec_legacy_db', 'sec_legacy_drift']) await admin.query(`COMMENT ON DATABASE ${db} IS NULL`);
      await admin.query('CREATE DATABASE sec_fresh_db');
      // A domain that is ready needs no bootstrap at all; run it anyway, as `flowschema bootstrap` would.
      await bootstrapDomain(serverUrl(), { domain: 'sec-legacy', passwords: testPasswords('sec-legacy') });
      await openDomain({ serverUrl: serverUrl(), domain: 'sec-fresh', passwords });
      const tags = await admin.query(
        `SELECT rolname AS name, shobj_description(oid, 'pg_authid') AS tag FROM pg_roles WHERE rolname LIKE 'sec\\_legacy\\_%' OR rolname LIKE 'sec\\_fresh\\_%'
         UNION ALL SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database WHERE datname LIKE 'sec\\_legacy\\_%' OR datname LIKE 'sec\\_fresh\\_%' ORDER BY 1`,
      );
      expect(tags.rows.map((t) => `${t.name}: ${t.tag}`)).toEqual([
        'sec_fresh_db: flowschema domain sec-fresh',
        'sec_fresh_drift: flowschema domain sec-fresh',
        'sec_fresh_execution: flowschema domain sec-fresh',
        'sec_fresh_init: flowschema domain sec-fresh',
        'sec_fresh_orchestration: flowschema domain sec-fresh',
        'sec_legacy_db: flowschema domain sec-legacy',
        'sec_legacy_drift: flowschema domain sec-legacy',
        'sec_legacy_execution: flowschema domain sec-legacy',
        'sec_legacy_init: flowschema domain sec-legacy',
        'sec_legacy_orchestration: flowschema domain sec-legacy',
      ]);
    } finally {
      await admin.end();
    }
  });
});
