import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listFiles } from '../../src/files.ts';
import { flowschema } from '../support/cli.ts';
import { ROOT } from '../support/compile-dir.ts';

const PACKAGE = join(ROOT, 'test/golden/compile/workflow-features/expected/loans/vnext');

describe('flowschema import (the command)', () => {
  const dirs: string[] = [];
  const project = () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowschema-import-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('imports a package folder into definitions/, which then compiles to the same package; a second import replaces nothing without --force', () => {
    const dir = project();
    const run = flowschema(['import', PACKAGE], dir);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('10 definition(s) and 11 script file(s) written\n');
    expect(run.status).toBe(0);
    expect(flowschema(['compile'], dir).status).toBe(0);
    for (const file of listFiles(PACKAGE)) expect(readFileSync(join(dir, 'generated/loans/vnext', file), 'utf8'), file).toBe(readFileSync(join(PACKAGE, file), 'utf8'));

    const again = flowschema(['import', PACKAGE], dir);
    expect(again.status).toBe(1);
    expect(again.stderr.split('\n').at(-2)).toBe('nothing written: 21 file(s) exist; --force replaces them');
    const forced = flowschema(['import', PACKAGE, '--force'], dir);
    expect([forced.status, forced.stdout]).toEqual([0, 'kept     definitions/loans/domain.ts\n10 definition(s) and 11 script file(s) written\n']);
  });

  it('writes nothing when the definitions would not compile with the import in them, and says why', () => {
    const dir = project();
    mkdirSync(join(dir, 'in'));
    const wf = JSON.parse(readFileSync(join(PACKAGE, 'Workflows/credit-scoring.json'), 'utf8'));
    writeFileSync(join(dir, 'in', 'sys.json'), JSON.stringify({ ...wf, key: 'sys-thing' }));
    const run = flowschema(['import', 'in'], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("error FS1204: flow key gives schema 'sys_thing', which is reserved");
    expect(run.stderr.trim().split('\n').at(-1)).toBe('nothing written: the definitions would not compile with the import in them');
    expect(existsSync(join(dir, 'definitions'))).toBe(false);
  });

  it('--check: one line per component, exit 0 when all round-trip, 1 otherwise; writes nothing', () => {
    const dir = project();
    const ok = flowschema(['import', '--check', PACKAGE], dir);
    expect(ok.status).toBe(0);
    expect(ok.stdout.trim().split('\n').at(-1)).toBe('10 of 10 component(s) round-trip exactly');
    cpSync(PACKAGE, join(dir, 'pkg'), { recursive: true });
    const task = join(dir, 'pkg/Tasks/notify-customer.json');
    writeFileSync(task, readFileSync(task, 'utf8').replace('"flowVersion": "1.0.0"', '"flowVersion": "1.0"'));
    const bad = flowschema(['import', '--check', 'pkg'], dir);
    expect(bad.status).toBe(1);
    expect(existsSync(join(dir, 'definitions'))).toBe(false);
  });

  it('bad usage: a path that does not exist, or no JSON: one line, exit 2', () => {
    const dir = project();
    const missing = flowschema(['import', 'nowhere'], dir);
    expect([missing.status, missing.stderr]).toEqual([2, 'flowschema: nowhere: no such file or folder\n']);
    mkdirSync(join(dir, 'empty'));
    const empty = flowschema(['import', 'empty'], dir);
    expect([empty.status, empty.stderr]).toEqual([2, 'flowschema: no .json files in what was named\n']);
  });
});
