import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../../src/db/index.ts';
import { bootstrapSql, openDomain } from '../../src/runtime/index.ts';
import { flowschema } from '../support/cli.ts';
import { connect, serverUrl } from '../support/db.ts';
import { passwordEnv, testPasswords } from '../support/domain-db.ts';
import { dropRoles, ledgerProject } from '../support/security-project.ts';

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
    expect(run.status).toBe(2); // no usable server for this domain: as documented for exit code 2
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
    expect(drift.stdout).toBe('domain sec-dba (sec_dba_db): no drift in 8 schema(s) and the database\n');
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
