import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrl, dropDatabase } from '../../src/db/index.ts';
import { flowschema, scratchProject } from '../support/cli.ts';
import { ROOT } from '../support/compile-dir.ts';
import { connect, serverUrl } from '../support/db.ts';
import { passwordEnv } from '../support/domain-db.ts';

/** Errors of `value` against schemas/drift-report.schema.json, the documented shape of `drift --json`. */
function validReport(value: unknown): string[] {
  const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(ROOT, 'schemas/drift-report.schema.json'), 'utf8')));
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const DOMAINS = ['idm', 'notification', 'onboarding', 'payment'];
const DATABASES = DOMAINS.flatMap((d) => [`${d}_db`, `${d}_drift`]);

describe('flowschema up, start, status (DATABASE_URL)', () => {
  let project: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    project = scratchProject(join(ROOT, 'definitions'));
    cpSync(join(ROOT, 'generated'), join(project, 'generated'), { recursive: true });
    env = { DATABASE_URL: serverUrl(), ...passwordEnv(DOMAINS) };
    for (const db of DATABASES) await dropDatabase(serverUrl(), db);
  });
  afterAll(async () => {
    for (const db of DATABASES) await dropDatabase(serverUrl(), db);
    rmSync(project, { recursive: true, force: true });
  });

  it('up creates each domain database with its system schemas; flow schemas wait for their first start', () => {
    const run = flowschema(['up'], project, env);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 10)).toEqual([
      'generated is up to date (44 files)',
      'PostgreSQL: DATABASE_URL',
      "domain idm: bootstrapped (roles, databases and grants, as DATABASE_URL's user)",
      'domain idm: database idm_db, system schemas ready, 0 migration(s) applied by upgrade, 1 definition(s) deployed (0 unchanged)',
      "domain notification: bootstrapped (roles, databases and grants, as DATABASE_URL's user)",
      'domain notification: database notification_db, system schemas ready, 0 migration(s) applied by upgrade, 5 definition(s) deployed (0 unchanged)',
      "domain onboarding: bootstrapped (roles, databases and grants, as DATABASE_URL's user)",
      'domain onboarding: database onboarding_db, system schemas ready, 0 migration(s) applied by upgrade, 2 definition(s) deployed (0 unchanged)',
      "domain payment: bootstrapped (roles, databases and grants, as DATABASE_URL's user)",
      'domain payment: database payment_db, system schemas ready, 0 migration(s) applied by upgrade, 1 definition(s) deployed (0 unchanged)',
    ]);
    // A second run finds every domain ready: nothing needs the administrator.
    expect(flowschema(['up'], project, env).stdout).not.toContain('bootstrapped');
    expect(lines).toContain('onboarding    customer_onboarding    flow    -      1.2.0   no       0        -');
    expect(lines).toContain('onboarding    sys_schemas            system  0.1.0  0.1.0   yes      2        -');
  });

  it('start creates the flow schema on the first instance and prints the instance; a duplicate key is refused', () => {
    const run = flowschema(['start', 'customer-onboarding', '--key', 'c-1', '--data', '{"email":"a@b.c","customerId":"3f1c9c2e-0000-4000-8000-000000000001","segment":"sme"}'], project, env);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ key: 'c-1', flow: 'customer-onboarding', flowVersion: '1.2.0', currentState: 'collect-info', status: 'active', data: { email: 'a@b.c' } });
    const again = flowschema(['start', 'customer-onboarding', '--key', 'c-1', '--data', '{"email":"b@b.c","customerId":"3f1c9c2e-0000-4000-8000-000000000002","segment":"sme"}'], project, env);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe("flowschema: flow customer-onboarding already has an instance with key 'c-1'\n");
    const bad = flowschema(['start', 'customer-onboarding', '--data', '{oops'], project, env);
    expect(bad.status).toBe(2);
    const unknown = flowschema(['start', 'nope'], project, env);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe("flowschema: no flow 'nope' in generated\n");
  });

  it('status --json lists applied and pending migrations per schema', () => {
    const run = flowschema(['status', '--json'], project, env);
    expect(run.status).toBe(0);
    const schemas = JSON.parse(run.stdout).schemas as { domain: string; schema: string; created: boolean; applied: string[]; pending: string[] }[];
    expect(schemas.find((s) => s.schema === 'customer_onboarding')).toMatchObject({ domain: 'onboarding', created: true, applied: ['0001_1.0.0', '0002_1.1.0', '0003_1.2.0'], pending: [] });
    expect(schemas.find((s) => s.schema === 'document_approval')).toMatchObject({ created: false, applied: [] });
    expect(schemas.filter((s) => s.domain === 'payment').map((s) => s.schema)).toEqual(['sys_flows', 'sys_views', 'sys_functions', 'sys_tasks', 'sys_extensions', 'sys_schemas', 'payment_process']);
  });
});

// After the up/start/status tests (same file, so never in parallel with them: both use `<domain>_db` names).
describe('flowschema drift (DATABASE_URL)', () => {
  let project: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    project = scratchProject(join(ROOT, 'definitions'));
    cpSync(join(ROOT, 'generated'), join(project, 'generated'), { recursive: true });
    env = { DATABASE_URL: serverUrl(), ...passwordEnv(['payment']) };
    await dropDatabase(serverUrl(), 'payment_db');
    await dropDatabase(serverUrl(), 'payment_drift');
    expect(flowschema(['up', '--domain', 'payment', '--start-all'], project, env).status).toBe(0);
  });
  afterAll(async () => {
    await dropDatabase(serverUrl(), 'payment_db');
    await dropDatabase(serverUrl(), 'payment_drift');
    rmSync(project, { recursive: true, force: true });
  });

  it('no drift: exit 0; expected fingerprints kept in .flowschema/cache/drift.json', () => {
    const run = flowschema(['drift', '--domain', 'payment'], project, env);
    expect(run.stdout).toBe('domain payment (payment_db): no drift in 8 schema(s) and the database\n');
    expect(run.status).toBe(0);
    // six system schemas, payment_process, public and the database around them
    expect(Object.keys(JSON.parse(readFileSync(join(project, '.flowschema', 'cache', 'drift.json'), 'utf8')).prints)).toHaveLength(9);
  });

  it('drift --json without drift: the documented shape', () => {
    const json = JSON.parse(flowschema(['drift', '--domain', 'payment', '--json'], project, env).stdout);
    expect(json).toEqual({ drift: false, domains: [{ domain: 'payment', database: 'payment_db', checked: ['sys_flows', 'sys_views', 'sys_functions', 'sys_tasks', 'sys_extensions', 'sys_schemas', 'payment_process', 'public'], findings: [], drift: false }] });
    expect(validReport(json)).toEqual([]);
  });

  it('up --check-drift: the drift report after the upgrade; exit 0 without drift', () => {
    const run = flowschema(['up', '--domain', 'payment', '--check-drift'], project, env);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.endsWith('domain payment (payment_db): no drift in 8 schema(s) and the database\n')).toBe(true);
  });

  it('drift: text with the definition position and the fix, json, and github annotations; exit 1', async () => {
    const c = await connect(databaseUrl(serverUrl(), 'payment_db'));
    try {
      await c.query('DROP INDEX payment_process.ledger_entries_account_booked_on_idx');
    } finally {
      await c.end();
    }
    const text = flowschema(['drift', '--domain', 'payment'], project, env);
    expect(text.status).toBe(1);
    expect(text.stdout).toBe(
      [
        'domain payment (payment_db): 1 finding(s)',
        '  index payment_process.ledger_entries_account_booked_on_idx: missing  [definitions/payment/payment-process.flow.ts:40:59]',
        '    fix: CREATE INDEX ledger_entries_account_booked_on_idx ON payment_process.ledger_entries USING btree (account, booked_on)',
        '  (flowschema drift --fix-sql prints these fixes as one script, in the order they must run)',
        '',
      ].join('\n'),
    );
    const github = flowschema(['drift', '--domain', 'payment', '--format', 'github'], project, env);
    expect(github.stdout).toBe('::error file=definitions/payment/payment-process.flow.ts,line=40,col=59,title=flowschema drift::payment: index payment_process.ledger_entries_account_booked_on_idx: missing\n');
    expect(github.status).toBe(1);
    const json = JSON.parse(flowschema(['drift', '--domain', 'payment', '--json'], project, env).stdout);
    expect(json.drift).toBe(true);
    expect(validReport(json)).toEqual([]);
    // the documented shape can fail: a finding without its kind is refused
    expect(validReport({ ...json, domains: [{ ...json.domains[0], findings: [{ ...json.domains[0].findings[0], kind: undefined }] }] })).toEqual(["/domains/0/findings/0 must have required property 'kind'"]);
    expect(json.domains[0].findings[0]).toMatchObject({ schema: 'payment_process', kind: 'index dropped', object: 'ledger_entries_account_booked_on_idx', expected: 'CREATE INDEX ledger_entries_account_booked_on_idx ON payment_process.ledger_entries USING btree (account, booked_on)', live: null, definition: { file: 'definitions/payment/payment-process.flow.ts', line: 40, column: 59 } });
  });

  it('up --check-drift: exit 1 when the upgraded database has drift, with the same report', () => {
    const run = flowschema(['up', '--domain', 'payment', '--check-drift'], project, env);
    expect(run.status).toBe(1);
    expect(run.stdout.slice(run.stdout.indexOf('domain payment (payment_db): 1 finding(s)'))).toBe(
      [
        'domain payment (payment_db): 1 finding(s)',
        '  index payment_process.ledger_entries_account_booked_on_idx: missing  [definitions/payment/payment-process.flow.ts:40:59]',
        '    fix: CREATE INDEX ledger_entries_account_booked_on_idx ON payment_process.ledger_entries USING btree (account, booked_on)',
        '  (flowschema drift --fix-sql prints these fixes as one script, in the order they must run)',
        '',
      ].join('\n'),
    );
  });

  it('bad usage: exit 2', () => {
    const run = flowschema(['drift', '--domain', 'nope'], project, env);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("flowschema: no domain 'nope' in generated\n");
  });
});
