import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../../src/db/index.ts';
import { flowschema } from '../support/cli.ts';
import { ROOT } from '../support/compile-dir.ts';
import { connect, serverUrl } from '../support/db.ts';
import { passwordEnv } from '../support/domain-db.ts';
import { dropRoles } from '../support/security-project.ts';

/** A one-flow project of domain `domain`; `flow(version, extra)` writes the flow's definition. */
function project(domain: string): { dir: string; flow: (version: string, extra?: { unique?: boolean; label?: string }) => void } {
  const dir = mkdtempSync(join(tmpdir(), 'flowschema-up-'));
  mkdirSync(join(dir, 'definitions', domain), { recursive: true });
  writeFileSync(join(dir, 'definitions', domain, 'domain.ts'), `import { defineDomain } from 'flowschema';\nexport default defineDomain({ name: '${domain}' });\n`);
  const flow = (version: string, extra: { unique?: boolean; label?: string } = {}) =>
    writeFileSync(
      join(dir, 'definitions', domain, 'orders.flow.ts'),
      `import { defineFlow } from 'flowschema';
export default defineFlow({
  key: 'orders', domain: '${domain}', version: '${version}',
  labels: { en: '${extra.label ?? 'Orders'}' },
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  tables: { items: { columns: { id: { type: 'integer', primaryKey: true }, name: { type: 'text'${extra.unique ? ', unique: true' : ''} } } } },
});
`,
    );
  flow('1.0.0');
  return { dir, flow };
}

describe('a failed up deploys nothing; the same version deploys after the fix', () => {
  const domain = 'up-atomic';
  let p: ReturnType<typeof project>;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    for (const d of ['up_atomic_db', 'up_atomic_drift']) await dropDatabase(serverUrl(), d);
    p = project(domain);
    env = { DATABASE_URL: serverUrl(), ...passwordEnv([domain]) };
  });
  afterAll(async () => {
    for (const d of ['up_atomic_db', 'up_atomic_drift']) await dropDatabase(serverUrl(), d);
    await dropRoles(domain);
    rmSync(p.dir, { recursive: true, force: true });
  });

  it('a migration that fails (a unique constraint over duplicate rows) stops up with its detail: no definition version recorded', async () => {
    expect(flowschema(['compile'], p.dir).status).toBe(0);
    expect(flowschema(['up'], p.dir, env).status).toBe(0);
    expect(flowschema(['start', 'orders'], p.dir, env).status).toBe(0);
    const db = await connect(new URL('/up_atomic_db', serverUrl()).toString());
    try {
      await db.query(`INSERT INTO orders.items (id, name) VALUES (1, 'same'), (2, 'same')`);
      const saved = mkdtempSync(join(tmpdir(), 'flowschema-up-saved-'));
      cpSync(join(p.dir, 'generated'), saved, { recursive: true });
      p.flow('1.1.0', { unique: true, label: 'Orders, unique names' });
      expect(flowschema(['compile'], p.dir).status).toBe(0);
      const failed = flowschema(['up'], p.dir, env);
      expect(failed.status).toBe(1);
      // The unique key of a table holding data: its index built CONCURRENTLY under a temporary name (step 1), then the key made from it (step 2).
      expect(failed.stderr).toMatch(/^flowschema: .*\/0002_1\.1\.0\.sql \(step 1 of 2, concurrently\): could not create unique index "flowschema_key_items_name_key" \(SQLSTATE 23505\)\n  statement: CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "flowschema_key_items_name_key" ON "orders"\."items" \("name"\)\n  detail: Key \(name\)=\(same\) is duplicated\.\n$/);
      // The INVALID index the failed build left is gone: it would refuse duplicates of new rows.
      expect((await db.query(`SELECT count(*)::int AS n FROM pg_class WHERE relname IN ('items_name_key', 'flowschema_key_items_name_key')`)).rows).toEqual([{ n: 0 }]);
      expect((await db.query(`SELECT key, version FROM sys_flows.definitions ORDER BY version`)).rows).toEqual([{ key: 'orders', version: '1.0.0' }]);
      // The fix at the same version: the unapplied generated/ put back, the data cleaned, the definition kept.
      rmSync(join(p.dir, 'generated'), { recursive: true });
      cpSync(saved, join(p.dir, 'generated'), { recursive: true });
      rmSync(saved, { recursive: true, force: true });
      await db.query(`UPDATE orders.items SET name = 'other' WHERE id = 2`);
      p.flow('1.1.0', { unique: true, label: 'Orders, names unique' });
      expect(flowschema(['compile'], p.dir).status).toBe(0);
      const fixed = flowschema(['up'], p.dir, env);
      expect(fixed.stderr).toBe('');
      expect(fixed.status).toBe(0);
      expect((await db.query(`SELECT version, content->'attributes'->'labels'->0->>'label' AS label FROM sys_flows.definitions ORDER BY version`)).rows).toEqual([
        { version: '1.0.0', label: 'Orders' },
        { version: '1.1.0', label: 'Orders, names unique' },
      ]);
    } finally {
      await db.end();
    }
  });

  it('up --check-drift is a gate: a hand-edited database gets nothing applied, pending migrations stay pending', async () => {
    const db = await connect(new URL('/up_atomic_db', serverUrl()).toString());
    try {
      await db.query('ALTER TABLE orders.items ADD COLUMN hand_made text');
      p.flow('1.2.0', { unique: true, label: 'Orders 1.2' });
      writeFileSync(join(p.dir, 'definitions', domain, 'orders.flow.ts'), `${'// a column more\n'}${readFileSync(join(p.dir, 'definitions', domain, 'orders.flow.ts'), 'utf8').replace("name: { type: 'text', unique: true }", "name: { type: 'text', unique: true }, note: { type: 'text', optional: true }")}`);
      expect(flowschema(['compile'], p.dir).status).toBe(0);
      const gated = flowschema(['up', '--check-drift'], p.dir, env);
      expect(gated.status).toBe(1);
      expect(gated.stdout).toContain('column orders.items.hand_made: not expected');
      expect(gated.stdout).not.toContain('migration pending');
      expect(gated.stderr).toBe('flowschema: domain up-atomic has drift: up stopped before applying anything to it\n');
      expect((await db.query(`SELECT migration_id FROM sys_schemas.migration_history WHERE schema_name = 'orders' ORDER BY id`)).rows.map((r) => r.migration_id)).toEqual(['0001_1.0.0', '0002_1.1.0']);
      await db.query('ALTER TABLE orders.items DROP COLUMN hand_made');
      const passes = flowschema(['up', '--check-drift'], p.dir, env);
      expect(passes.stderr).toBe('');
      expect(passes.status).toBe(0);
      expect(passes.stdout).toContain('domain up-atomic (up_atomic_db): no drift in 8 schema(s) and the database');
    } finally {
      await db.end();
    }
  });

  it('status shows the live and the target version, for one --domain', async () => {
    p.flow('1.3.0', { unique: true, label: 'Orders 1.3' });
    writeFileSync(join(p.dir, 'definitions', domain, 'orders.flow.ts'), readFileSync(join(p.dir, 'definitions', domain, 'orders.flow.ts'), 'utf8').replace("name: { type: 'text', unique: true }", "name: { type: 'text', unique: true }, note: { type: 'text', optional: true }, due: { type: 'date', optional: true }"));
    expect(flowschema(['compile'], p.dir).status).toBe(0);
    const status = flowschema(['status', '--domain', domain], p.dir, env);
    expect(status.status).toBe(0);
    expect(status.stdout.split('\n')[0]).toBe('DOMAIN     SCHEMA          KIND    LIVE   TARGET  CREATED  APPLIED  PENDING');
    expect(status.stdout).toContain('up-atomic  orders          flow    1.2.0  1.3.0   yes      3        0004_1.3.0');
    expect(flowschema(['status', '--domain', 'nope'], p.dir, env)).toMatchObject({ status: 2, stderr: "flowschema: no domain 'nope' in generated\n" });
    expect(flowschema(['drift', '--schema', 'ordres'], p.dir, env)).toMatchObject({ status: 2, stderr: "flowschema: no schema 'ordres' in any domain of generated\n" });
  });

  it('up refuses a lock or statement timeout that is not a whole number of milliseconds, before anything', () => {
    expect(flowschema(['up', '--lock-timeout', '0'], p.dir, env)).toMatchObject({ status: 2, stdout: '', stderr: 'flowschema: --lock-timeout must be a whole number of milliseconds above 0\n' });
    expect(flowschema(['up', '--statement-timeout', 'soon'], p.dir, env)).toMatchObject({ status: 2, stdout: '', stderr: 'flowschema: --statement-timeout must be a whole number of milliseconds (0: no limit)\n' });
    expect(flowschema(['up', '--statement-timeout', '1.5'], p.dir, env)).toMatchObject({ status: 2, stdout: '' });
  });

  it('start refuses a stale generated/, as up does, and writes nothing to stdout', () => {
    const file = join(p.dir, 'definitions', domain, 'orders.flow.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace("version: '1.3.0'", "version: '1.4.0'").replace("'Orders 1.3'", "'Orders 1.4, not compiled'"));
    const run = flowschema(['start', 'orders'], p.dir, env);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n').slice(-2)).toEqual(['flowschema: start stopped before touching any database: generated is not what the definitions produce: run flowschema compile', '']);
  });
});

describe('concurrent first use of a domain on a fresh server', () => {
  const domain = 'up-race';
  let p: ReturnType<typeof project>;
  beforeAll(async () => {
    for (const d of ['up_race_db', 'up_race_drift']) await dropDatabase(serverUrl(), d);
    p = project(domain);
    expect(flowschema(['compile'], p.dir).status).toBe(0);
  });
  afterAll(async () => {
    for (const d of ['up_race_db', 'up_race_drift']) await dropDatabase(serverUrl(), d);
    await dropRoles(domain);
    rmSync(p.dir, { recursive: true, force: true });
  });

  it('eight starts and two ups at once, on a domain with no database yet: all succeed, every key its own', async () => {
    const env = { ...process.env, DATABASE_URL: serverUrl(), ...passwordEnv([domain]) };
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [join(ROOT, 'bin/flowschema.js'), ...args], { cwd: p.dir, env });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    const results = await Promise.all([...Array.from({ length: 8 }, () => run(['start', 'orders'])), run(['up', '--start-all']), run(['up', '--start-all'])]);
    for (const r of results) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const db = await connect(new URL('/up_race_db', serverUrl()).toString());
    try {
      expect((await db.query('SELECT count(*)::int AS n, count(DISTINCT key)::int AS keys FROM orders.instances')).rows).toEqual([{ n: 10, keys: 10 }]);
    } finally {
      await db.end();
    }
  });
});

describe('no usable server: one line, exit 2', () => {
  let p: ReturnType<typeof project>;
  beforeAll(() => {
    p = project('up-errors');
    expect(flowschema(['compile'], p.dir).status).toBe(0);
  });
  afterAll(async () => {
    await dropRoles('up-errors');
    rmSync(p.dir, { recursive: true, force: true });
  });

  const cases: [string, string, RegExp][] = [
    ['a malformed URL', 'not a url', /^flowschema: no PostgreSQL: DATABASE_URL is not a PostgreSQL URL: write it as postgres:\/\/user:password@host:port\/database\n$/],
    ['a refused port', 'postgres://u:p@127.0.0.1:1/postgres', /^flowschema: cannot reach PostgreSQL at 127\.0\.0\.1:1 \(connect ECONNREFUSED 127\.0\.0\.1:1\): is it running, and is DATABASE_URL right\?\n$/],
  ];
  for (const [what, url, message] of cases)
    for (const command of [['status'], ['up'], ['start', 'orders'], ['drift']])
      it(`${command[0]} with ${what}`, () => {
        const run = flowschema(command, p.dir, { DATABASE_URL: url, ...passwordEnv(['up-errors']) });
        expect(run.stderr).toMatch(message);
        expect(run.status).toBe(2);
      });

  it('credentials that cannot bootstrap a domain: one line, exit 2', () => {
    const url = new URL(serverUrl());
    url.password = 'wrong';
    const run = flowschema(['up'], p.dir, { DATABASE_URL: url.toString(), ...passwordEnv(['up-errors']) });
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('domain up-errors is not bootstrapped');
    expect(run.stderr).toContain('password authentication failed for user "postgres"');
  });

  it('--version', () => {
    expect(flowschema(['--version'], p.dir)).toMatchObject({ status: 0, stdout: '0.1.0\n' });
  });
});

describe('start records the version it starts', () => {
  const domain = 'up-start-only';
  let p: ReturnType<typeof project>;
  beforeAll(async () => {
    for (const d of ['up_start_only_db', 'up_start_only_drift']) await dropDatabase(serverUrl(), d);
    p = project(domain);
    expect(flowschema(['compile'], p.dir).status).toBe(0);
  });
  afterAll(async () => {
    for (const d of ['up_start_only_db', 'up_start_only_drift']) await dropDatabase(serverUrl(), d);
    await dropRoles(domain);
    rmSync(p.dir, { recursive: true, force: true });
  });

  it('a first start on a domain up never ran deploys the flow version it starts (and only once its schema is live); an empty key is bad usage', async () => {
    const env = { DATABASE_URL: serverUrl(), ...passwordEnv([domain]) };
    expect(flowschema(['start', 'orders', '--key', ''], p.dir, env)).toMatchObject({ status: 2, stderr: 'flowschema: --key must not be empty\n' });
    const run = flowschema(['start', 'orders'], p.dir, env);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({ flow: 'orders', flowVersion: '1.0.0' });
    const db = await connect(new URL('/up_start_only_db', serverUrl()).toString());
    try {
      expect((await db.query('SELECT key, version FROM sys_flows.definitions')).rows).toEqual([{ key: 'orders', version: '1.0.0' }]);
    } finally {
      await db.end();
    }
  });
});
