import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/compile-dir.ts';
import { bootstrappedDatabase, passwordEnv, type TestDomainDatabase } from '../support/domain-db.ts';
import { serverUrl } from '../support/db.ts';
import { dropRoles } from '../support/security-project.ts';
import { dropDatabase, passwordVariable, roleUrl } from '../../src/db/index.ts';
import { databaseNameOf, driftDatabaseNameOf, rolesOf } from '../../src/model/index.ts';

/**
 * flowschema as its users get it: `npm pack` (which builds dist/), the
 * tarball unpacked as node_modules/flowschema of a project of their own, its
 * dependencies resolved as npm would (here: from this repository's
 * node_modules, which lie above the project; nothing is fetched).
 */
const JS_DOMAIN = 'package-js';

describe('the npm package', () => {
  let packDir: string;
  let tarball: string;
  let files: string[];
  let project: string;
  let db: TestDomainDatabase;
  const node = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, args, { cwd: project, encoding: 'utf8', env: { ...process.env, ...env } });

  beforeAll(async () => {
    packDir = mkdtempSync(join(tmpdir(), 'flowschema-pack-'));
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as { filename: string; files: { path: string }[] }[];
    tarball = join(packDir, packed[0]!.filename);
    files = packed[0]!.files.map((f) => f.path).sort();
    // Under the repository's node_modules, so that the package's own dependencies resolve upward.
    mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
    project = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'flowschema-pack-project-'));
    mkdirSync(join(project, 'node_modules', 'flowschema'), { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', join(project, 'node_modules', 'flowschema'), '--strip-components=1']);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'a-service', private: true, type: 'module' }));
    cpSync(join(ROOT, 'definitions', 'onboarding'), join(project, 'definitions', 'onboarding'), { recursive: true });
    cpSync(join(ROOT, 'definitions', 'shared'), join(project, 'definitions', 'shared'), { recursive: true });
    db = await bootstrappedDatabase('package', 'onboarding');
  });
  afterAll(async () => {
    await db?.drop();
    await dropDatabase(serverUrl(), databaseNameOf(JS_DOMAIN));
    await dropDatabase(serverUrl(), driftDatabaseNameOf(JS_DOMAIN));
    await dropRoles(JS_DOMAIN);
    if (project) rmSync(project, { recursive: true, force: true });
    if (packDir) rmSync(packDir, { recursive: true, force: true });
  });

  it('holds the built JavaScript, its types, templates and docs; no sources, tests or goldens', () => {
    expect(files.filter((f) => !/^(dist|docs|templates|schemas)\//.test(f))).toEqual(['README.md', 'bin/flowschema.js', 'package.json']);
    for (const f of ['dist/dsl/index.js', 'dist/dsl/index.d.ts', 'dist/runtime/index.js', 'dist/runtime/index.d.ts', 'dist/drift/index.js', 'dist/compile.js', 'dist/import/index.js', 'dist/cli/main.js', 'templates/sql/migration.hbs'])
      expect(files).toContain(f);
    const pkg = JSON.parse(readFileSync(join(project, 'node_modules', 'flowschema', 'package.json'), 'utf8')) as { private?: boolean };
    expect(pkg.private).toBeUndefined();
  });

  it('npx flowschema --version and compile run the built JavaScript', () => {
    const bin = join(project, 'node_modules', 'flowschema', 'bin', 'flowschema.js');
    const version = node([bin, '--version']);
    expect([version.status, version.stdout.trim(), version.stderr]).toEqual([0, '0.1.0', '']);
    const compiled = node([bin, 'compile']);
    expect(compiled.stderr).toBe('');
    expect(compiled.status).toBe(0);
    expect(readFileSync(join(project, 'generated', 'onboarding', 'manifest.json'), 'utf8')).toContain('customer_onboarding');
    expect(node([bin, 'compile', '--check']).status).toBe(0);
    // import, from the built JavaScript: a package's JSON back into definitions, compiled in memory and compared
    const checked = node([bin, 'import', '--check', join(ROOT, 'test/golden/compile/workflow-features/expected/loans/vnext')]);
    expect([checked.status, checked.stderr, checked.stdout.trim().split('\n').at(-1)]).toEqual([0, '', '10 of 10 component(s) round-trip exactly']);
  });

  it('plain Node imports flowschema, flowschema/runtime, /drift, /compiler and /import, and the runtime creates a flow schema', () => {
    writeFileSync(
      join(project, 'service.mjs'),
      `import { defineFlow } from 'flowschema';
import { createRuntime } from 'flowschema/runtime';
import { checkDrift } from 'flowschema/drift';
import { compile } from 'flowschema/compiler';
import { importDefinitions } from 'flowschema/import';
const runtime = createRuntime({ domain: 'onboarding', connection: process.env.INIT_URL, generated: 'generated' });
await runtime.ensureFlowSchema('customer-onboarding');
await runtime.close();
console.log([typeof defineFlow, typeof checkDrift, typeof compile, typeof importDefinitions].join(' '));
`,
    );
    const run = node(['service.mjs'], { INIT_URL: db.initUrl });
    expect([run.status, run.stderr, run.stdout]).toEqual([0, '', 'function function function function\n']);
  });

  it('TypeScript services get the types (tsc --strict)', () => {
    writeFileSync(
      join(project, 'service.ts'),
      `import { createRuntime, type Runtime } from 'flowschema/runtime';
import { checkDrift, type DriftReport } from 'flowschema/drift';
const runtime: Runtime = createRuntime({ domain: 'onboarding', connection: 'postgres://x', generated: 'generated' });
const report: Promise<DriftReport> = checkDrift({ domain: 'onboarding', connection: 'postgres://x', scratch: 'postgres://y', generated: 'generated' });
export { runtime, report };
`,
    );
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, types: [] }, files: ['service.ts'] }));
    const tsc = () => spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8' });
    const good = tsc();
    expect([good.status, good.stdout]).toEqual([0, '']);
    // and the types are real, not any: a wrong use does not compile
    writeFileSync(join(project, 'service.ts'), `import { createRuntime } from 'flowschema/runtime';\nexport const n: number = createRuntime;\n`);
    const bad = tsc();
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toContain('error TS2322');
  });

  it('a JavaScript project: init --client js, compile, up and start from the installed package; a .mjs service starts and transitions an instance with the JS client', { timeout: 180_000 }, () => {
    const dir = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'flowschema-pack-js-'));
    try {
      mkdirSync(join(dir, 'node_modules'));
      cpSync(join(project, 'node_modules', 'flowschema'), join(dir, 'node_modules', 'flowschema'), { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'a-js-service', private: true, type: 'module' }));
      const bin = join(dir, 'node_modules', 'flowschema', 'bin', 'flowschema.js');
      const env: NodeJS.ProcessEnv = { ...passwordEnv([JS_DOMAIN]), DATABASE_URL: serverUrl() };
      const run = (args: string[]) => spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });
      const init = run([bin, 'init', '--domain', JS_DOMAIN, '--client', 'js']);
      expect([init.status, init.stderr]).toEqual([0, '']);
      const flowDir = join(dir, 'generated', JS_DOMAIN, 'flows', 'order');
      expect(readdirSync(flowDir).sort()).toEqual(['client.d.ts', 'client.js', 'data.schema.json', 'migrations', 'snapshot.json']);
      // The language is kept: a plain compile and compile --check neither switch back nor call it stale.
      expect(run([bin, 'compile']).stdout).toBe('generated is up to date (9 files); nothing written\n');
      expect(run([bin, 'compile', '--check']).status).toBe(0);
      const up = run([bin, 'up']);
      expect([up.status, up.stderr]).toEqual([0, '']);
      const started = run([bin, 'start', 'order', '--key', 'from-the-cli']);
      expect([started.status, started.stderr, JSON.parse(started.stdout).currentState]).toEqual([0, '', 'placed']);
      const roles = rolesOf(JS_DOMAIN);
      const url = (role: string) => roleUrl(serverUrl(), databaseNameOf(JS_DOMAIN), role, env[passwordVariable(role)]!);
      // The service docs/client.md shows, as written there (for this test's domain), plus one line that prints what it did.
      const shown = /^```js\n([\s\S]*?)^```$/m.exec(readFileSync(join(ROOT, 'docs', 'client.md'), 'utf8'))![1]!;
      const service = shown
        .replaceAll("'shop'", `'${JS_DOMAIN}'`)
        .replaceAll('/shop/', `/${JS_DOMAIN}/`)
        .replace('await pool.end();', "const done = await orders.get(instance.id);\nconsole.log([instance.currentState, done.currentState, done.status, (await orders.lines.list({ instanceId: instance.id }))[0].quantity, await orders.count({})].join(' '));\nawait pool.end();");
      writeFileSync(join(dir, 'service.mjs'), service);
      const serviceEnv = { SHOP_INIT_URL: url(roles.init), SHOP_ORCHESTRATION_URL: url(roles.orchestration) };
      const ran = spawnSync(process.execPath, ['service.mjs'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...serviceEnv } });
      expect([ran.status, ran.stderr, ran.stdout]).toEqual([0, '', 'placed paid completed 2 2\n']);
      // The declarations type a TypeScript caller strictly: a transition the flow does not have is an error.
      writeFileSync(
        join(dir, 'check.ts'),
        `import pg from 'pg';
import { OrderClient, type OrderData, type LinesRow } from './generated/${JS_DOMAIN}/flows/order/client.js';
const orders = new OrderClient(new pg.Pool());
export const data: OrderData = {};
export async function pay(id: string): Promise<LinesRow[]> {
  await orders.transition(id, 'pay');
  return orders.lines.list({ sku: 'book' });
}
`,
      );
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, types: [] }, files: ['check.ts'] }));
      const tsc = () => spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' });
      expect([tsc().status, tsc().stdout]).toEqual([0, '']);
      writeFileSync(join(dir, 'check.ts'), readFileSync(join(dir, 'check.ts'), 'utf8').replace("'pay'", "'refund'"));
      const bad = tsc();
      expect(bad.status).not.toBe(0);
      expect(bad.stdout).toContain('error TS2345');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
