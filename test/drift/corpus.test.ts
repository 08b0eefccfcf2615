import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkDrift, findingText, fixScript, type DriftReport } from '../../src/drift/index.ts';
import { bootstrapDomain, createRuntime } from '../../src/runtime/index.ts';
import { databaseUrl, dropDatabase, roleUrl } from '../../src/db/index.ts';
import { databaseNameOf, driftDatabaseNameOf, quoteIdent, rolesOf } from '../../src/model/index.ts';
import { flowschema } from '../support/cli.ts';
import { connect, serverUrl } from '../support/db.ts';
import { passwordEnv, testPasswords } from '../support/domain-db.ts';
import { dropRoles } from '../support/security-project.ts';
import { DRIFT_CASES, type DriftCase } from './cases.ts';
import { pgDumpMatchesServer, withoutConnect } from '../support/pg-dump.ts';
import { corpusProject, DOMAIN, lineDiff, oracle, resetRoles } from './corpus-support.ts';

/**
 * Drift against pg_dump, case by case (cases.ts): pg_dump --schema-only
 * --create of the domain database, the domain roles as pg_dumpall --roles-only
 * prints them, and what pg_dump does not print but flowschema owns (internal
 * trigger enablement, index validity, the migration history). When that
 * differs from the pristine copy, drift must name the change; when it does
 * not, drift must say nothing. Every fix drift prints is then applied in one
 * transaction, and drift must find nothing after it.
 */
describe('drift corpus: every change pg_dump sees, drift names, and its fix undoes', () => {
  const roles = rolesOf(DOMAIN);
  const live = databaseNameOf(DOMAIN);
  const template = `${DOMAIN}_pristine`;
  const drift = driftDatabaseNameOf(DOMAIN);
  const passwords = testPasswords(DOMAIN);
  const cache = new Map<string, string>();
  let project: string;
  let generated: string;
  let pristine: string | undefined;

  const admin = () => databaseUrl(serverUrl(), live);
  const sql = async (url: string, text: string) => {
    const client = await connect(url);
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  const check = (): Promise<DriftReport> =>
    checkDrift({ domain: DOMAIN, connection: roleUrl(serverUrl(), live, roles.init, passwords.init), scratch: roleUrl(serverUrl(), drift, roles.init, passwords.init), driftDatabase: drift, generated, cache });
  /** A fresh copy of the database `up` made, bootstrapped as an administrator leaves it. */
  const freshLive = async () => {
    await dropDatabase(serverUrl(), live);
    await sql(serverUrl(), `CREATE DATABASE ${live} TEMPLATE ${template}`);
    await bootstrapDomain(serverUrl(), { domain: DOMAIN, database: live, driftDatabase: drift, passwords });
  };

  beforeAll(async () => {
    await cleanUp();
    project = corpusProject();
    generated = join(project, 'generated');
    await bootstrapDomain(serverUrl(), { domain: DOMAIN, database: template, driftDatabase: drift, passwords });
    const runtime = createRuntime({ domain: DOMAIN, connection: roleUrl(serverUrl(), template, roles.init, passwords.init), generated });
    try {
      await runtime.ensureFlowSchema('customer-onboarding');
      await runtime.ensureFlowSchema('document-approval');
    } finally {
      await runtime.close();
    }
    await freshLive();
    if (pgDumpMatchesServer(serverUrl())) pristine = oracle(serverUrl(), live);
  });
  afterEach(() => resetRoles(serverUrl()));
  afterAll(async () => {
    await cleanUp();
    if (project) rmSync(project, { recursive: true, force: true });
  });
  async function cleanUp() {
    for (const db of [live, template, drift]) await dropDatabase(serverUrl(), db);
    await dropRoles(DOMAIN);
  }

  it('has at least 60 kinds of change, each named once', () => {
    expect(DRIFT_CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(DRIFT_CASES.map((c) => c.name)).size).toBe(DRIFT_CASES.length);
  });

  it('a pristine copy: no findings, and an empty fix script', async () => {
    const report = await check();
    expect(report.findings).toEqual([]);
    expect(fixScript([report]).split('\n').filter((l) => !l.startsWith('--') && l !== '')).toEqual([]);
  });

  it.each(DRIFT_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c: DriftCase) => {
    await freshLive();
    await sql(admin(), c.sql.replaceAll('{db}', live));
    const visible = pristine === undefined ? undefined : oracle(serverUrl(), live) !== pristine;
    const report = await check();
    const texts = report.findings.map(findingText);
    const wanted = c.finding.replaceAll('{db}', live);
    // the case is one pg_dump sees (when pg_dump is on this machine), and drift names it
    if (visible !== undefined) expect(visible, 'pg_dump sees the change').toBe(true);
    expect(texts.some((t) => t.startsWith(wanted)), `${wanted} in:\n${texts.join('\n')}`).toBe(true);

    // The fix: one transaction, as an administrator; then nothing is left.
    if (report.findings.every((f) => !f.fix)) return;
    const script = fixScript([report]);
    await sql(admin(), withoutConnect(script));
    const after = (await check()).findings.map(findingText);
    // What may be left: findings that had no fix of their own (an identity's sequence goes with its
    // column's fix), and the order of a table whose dropped column was added again: PostgreSQL adds a
    // column last and cannot move it (docs/drift.md).
    const unfixed = report.findings.filter((f) => !f.fix).map(findingText);
    const reordered = report.findings.filter((f) => f.kind === 'column dropped').map((f) => `table ${f.schema}.${f.object.split('.')[0]}: column order `);
    expect(after.filter((t) => !unfixed.includes(t) && !reordered.some((r) => t.startsWith(r))), script).toEqual([]);
    if (pristine !== undefined && after.length === 0) expect(lineDiff(pristine, oracle(serverUrl(), live)), 'pg_dump after the fix').toBe('');
  });

  it('drift --fix-sql prints one script; psql -1 runs it; drift is clean after it', async () => {
    await freshLive();
    await sql(admin(), `ALTER TYPE customer_onboarding.documents_kind ADD VALUE 'visa'; ALTER TABLE customer_onboarding.documents OWNER TO postgres; COMMENT ON COLUMN customer_onboarding.documents.checksum IS 'x'; ALTER TABLE customer_onboarding.documents DISABLE TRIGGER ALL; GRANT TEMP ON DATABASE ${live} TO PUBLIC`);
    const env = { ...passwordEnv([DOMAIN]), DATABASE_URL: serverUrl() };
    const fix = flowschema(['drift', '--fix-sql'], project, env);
    expect(fix.stderr).toBe('');
    expect(fix.status).toBe(1);
    expect(fix.stdout.match(/^BEGIN;$/gm)).toHaveLength(1);
    expect(fix.stdout.match(/^COMMIT;$/gm)).toHaveLength(1);
    const psql = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', serverUrl(), '-f', '-'], { input: fix.stdout, encoding: 'utf8' });
    if (psql.error) return; // no psql on this machine: the script was applied above case by case already
    expect(psql.stderr).toBe('');
    expect(psql.status).toBe(0);
    expect((await check()).findings.map(findingText)).toEqual([]);
  });

  it('drift --fix-sql with --schema is refused: casts and event triggers elsewhere would stay', () => {
    const run = flowschema(['drift', '--fix-sql', '--schema', 'customer_onboarding'], project, { ...passwordEnv([DOMAIN]), DATABASE_URL: serverUrl() });
    expect([run.status, run.stdout, run.stderr]).toEqual([2, '', 'flowschema: --fix-sql checks the whole database; leave out --schema\n']);
  });

  it('hostile names: a table renamed to a newline and a psql command cannot break out of the trigger fix', async () => {
    await freshLive();
    const hostile = 'ENABLE\tTRIGGER\tALL;\\!\techo\tPWNED\t#\n';
    await sql(admin(), `ALTER TABLE customer_onboarding.documents DISABLE TRIGGER ALL; ALTER TABLE customer_onboarding.instances DISABLE TRIGGER ALL; ALTER TABLE customer_onboarding.instances RENAME TO ${quoteIdent(hostile)}`);
    const report = await check();
    const enforcement = report.findings.find((f) => f.kind === 'constraint changed' && f.object === 'documents.documents_instance_id_fkey' && f.property === 'enforcement triggers');
    // each statement names its table and trigger as PostgreSQL quoted them, whole
    const statements = enforcement!.fix!.map((s) => s.sql);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) expect(statement).toMatch(/^ALTER TABLE customer_onboarding\.("(?:[^"]|"")+"|[a-z_]+) ENABLE TRIGGER "RI_ConstraintTrigger_[ac]_\d+"$/);
    const psql = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', admin(), '-1', '-f', '-'], { input: statements.map((x) => `${x};`).join('\n'), encoding: 'utf8' });
    if (!psql.error) expect([psql.status, psql.stdout, psql.stderr]).toEqual([0, '', '']);
  });

  it('hostile names: a name with a bidi override or an escape character gets no fix, and its finding text shows neither', async () => {
    await freshLive();
    await sql(admin(), `CREATE TABLE customer_onboarding.${quoteIdent('evil\u202e\u001b[2Jx')} (id int)`);
    const report = await check();
    expect(report.findings.map((f) => [findingText(f), f.fix])).toEqual([['table customer_onboarding.evil [2Jx: not expected', undefined]]);
  });
});

