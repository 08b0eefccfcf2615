import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseNameOf, driftDatabaseNameOf } from '../../src/model/index.ts';
import { dropDatabase } from '../../src/db/index.ts';
import { flowschema } from '../support/cli.ts';
import { serverUrl } from '../support/db.ts';
import { passwordEnv } from '../support/domain-db.ts';
import { dropRoles } from '../support/security-project.ts';

const DOMAIN = 'init-test';

describe('flowschema init', () => {
  const dirs: string[] = [];
  const project = () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowschema-init-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    await dropDatabase(serverUrl(), databaseNameOf(DOMAIN));
    await dropDatabase(serverUrl(), driftDatabaseNameOf(DOMAIN));
    await dropRoles(DOMAIN);
  });

  it('in an empty folder: a domain, a flow, scripts, .gitignore, a workflow, generated/; then up and drift work', () => {
    const dir = project();
    const init = flowschema(['init', '--domain', DOMAIN], dir);
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    expect(init.stdout.split('\n').slice(0, 5)).toEqual([
      `created  definitions/${DOMAIN}/domain.ts`,
      `created  definitions/${DOMAIN}/order.flow.ts`,
      'created  .github/workflows/flowschema.yml',
      'created  package.json',
      'created  .gitignore',
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts).toEqual({ compile: 'flowschema compile', check: 'flowschema compile --check', up: 'flowschema up', drift: 'flowschema drift' });
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\n.flowschema/\n');
    expect(readFileSync(join(dir, '.github/workflows/flowschema.yml'), 'utf8')).toContain('npx flowschema drift --format github');
    expect(flowschema(['compile', '--check'], dir).status).toBe(0);
    const env = { ...passwordEnv([DOMAIN]), DATABASE_URL: serverUrl() };
    const up = flowschema(['up', '--start-all'], dir, env);
    expect(up.stderr).toBe('');
    expect(up.status).toBe(0);
    const drift = flowschema(['drift'], dir, env);
    expect([drift.status, drift.stdout]).toEqual([0, `domain ${DOMAIN} (init_test_db): no drift in 8 schema(s) and the database\n`]);
  });

  it('in an existing project: nothing replaced without --force; package.json and .gitignore only get what they lack', () => {
    const dir = project();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'mine', scripts: { test: 'vitest', compile: 'my-compile' } }));
    writeFileSync(join(dir, '.gitignore'), 'node_modules\ndist/');
    expect(flowschema(['init', '--domain', DOMAIN], dir).status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toEqual({ name: 'mine', scripts: { test: 'vitest', compile: 'my-compile', check: 'flowschema compile --check', up: 'flowschema up', drift: 'flowschema drift' } });
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('node_modules\ndist/\n.flowschema/\n');
    const flow = join(dir, 'definitions', DOMAIN, 'order.flow.ts');
    writeFileSync(flow, readFileSync(flow, 'utf8').replace("version: '1.0.0'", "version: '1.0.0' /* mine */"));
    const again = flowschema(['init', '--domain', DOMAIN], dir);
    expect(again.stdout).toContain(`kept     definitions/${DOMAIN}/order.flow.ts (it exists; --force replaces it)`);
    expect(readFileSync(flow, 'utf8')).toContain('/* mine */');
    const forced = flowschema(['init', '--domain', DOMAIN, '--force'], dir);
    expect(forced.stdout).toContain(`replaced definitions/${DOMAIN}/order.flow.ts`);
    expect(readFileSync(flow, 'utf8')).not.toContain('/* mine */');
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts.compile).toBe('flowschema compile');
  });

  it('a domain name that is not one: one line, exit 2, nothing written', () => {
    const dir = project();
    const run = flowschema(['init', '--domain', 'Bad Name'], dir);
    expect([run.status, run.stdout, run.stderr]).toEqual([2, '', "flowschema: domain name 'Bad Name' must match ^[a-z0-9-]+$ (use lowercase letters, digits and dashes)\n"]);
    // the checks a definition's domain gets: its roles would be truncated past 63 bytes
    const long = flowschema(['init', '--domain', 'a'.repeat(60)], dir);
    expect([long.status, long.stderr.startsWith(`flowschema: domain name '${'a'.repeat(60)}' is 60 bytes`)]).toEqual([2, true]);
    expect(existsSync(join(dir, 'definitions'))).toBe(false);
  });
});
