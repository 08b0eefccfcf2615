import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './compile-dir.ts';

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `flowschema` bin in `cwd`. */
export function flowschema(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliRun {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/flowschema.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A scratch project holding a copy of `definitionsDir` as definitions/. */
export function scratchProject(definitionsDir: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowschema-cli-'));
  cpSync(definitionsDir, join(dir, 'definitions'), { recursive: true });
  return dir;
}
