import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/compile-dir.ts';
import { bootstrappedDatabase, type TestDomainDatabase } from '../support/domain-db.ts';

/**
 * flowschema as its users get it: `npm pack` (which builds dist/), the
 * tarball unpacked as node_modules/flowschema of a project of their own, its
 * dependencies resolved as npm would (here: from this repository's
 * node_modules, which lie above the project; nothing is fetched).
 */
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
    if (project) rmSync(project, { recursive: true, force: true });
    if (packDir) rmSync(packDir, { recursive: true, force: true });
  });

  it('holds the built JavaScript, its types, templates and docs; no sources, tests or goldens', () => {
    expect(files.filter((f) => !/^(dist|docs|templates|schemas)\//.test(f))).toEqual(['README.md', 'bin/flowschema.js', 'package.json']);
    for (const f of ['dist/dsl/index.js', 'dist/dsl/index.d.ts', 'dist/runtime/index.js', 'dist/runtime/index.d.ts', 'dist/drift/index.js', 'dist/compile.js', 'dist/cli/main.js', 'templates/sql/migration.hbs'])
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
  });

  it('plain Node imports flowschema, flowschema/runtime, /drift and /compiler, and the runtime creates a flow schema', () => {
    writeFileSync(
      join(project, 'service.mjs'),
      `import { defineFlow } from 'flowschema';
import { createRuntime } from 'flowschema/runtime';
import { checkDrift } from 'flowschema/drift';
import { compile } from 'flowschema/compiler';
const runtime = createRuntime({ domain: 'onboarding', connection: process.env.INIT_URL, generated: 'generated' });
await runtime.ensureFlowSchema('customer-onboarding');
await runtime.close();
console.log([typeof defineFlow, typeof checkDrift, typeof compile].join(' '));
`,
    );
    const run = node(['service.mjs'], { INIT_URL: db.initUrl });
    expect([run.status, run.stderr, run.stdout]).toEqual([0, '', 'function function function\n']);
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
});
