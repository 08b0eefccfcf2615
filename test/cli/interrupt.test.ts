import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/compile-dir.ts';

/**
 * Ctrl-C during `up --start-all` on the embedded server: the server (this
 * command its only user) is stopped, the process exits 130, and nothing else is printed (no unhandled
 * 57P01 'terminating connection' error, no stack trace). The project's own
 * embedded server, in a folder the postgres OS user can traverse.
 */
describe('Ctrl-C on the embedded server', () => {
  it('stops the server and exits 130 with one line', { timeout: 120_000 }, async () => {
    const dir = join(tmpdir(), `flowschema-interrupt-${randomBytes(4).toString('hex')}`);
    mkdirSync(dir, { mode: 0o755 });
    try {
      cpSync(join(ROOT, 'definitions'), join(dir, 'definitions'), { recursive: true });
      cpSync(join(ROOT, 'generated'), join(dir, 'generated'), { recursive: true });
      const child = spawn(process.execPath, [join(ROOT, 'bin/flowschema.js'), 'up', '--start-all'], { cwd: dir, env: { ...process.env, DATABASE_URL: '' } });
      let stdout = '';
      let stderr = '';
      let signalled = false;
      child.stderr.on('data', (d) => (stderr += d));
      child.stdout.on('data', (d) => {
        stdout += d;
        // In the middle of the work: after the first domain, while the next is being set up.
        if (!signalled && stdout.includes('definition(s) deployed')) {
          signalled = true;
          child.kill('SIGINT');
        }
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      expect(signalled).toBe(true);
      expect({ code, stderr }).toEqual({ code: 130, stderr: 'flowschema: interrupted\n' });
      // It was the server's only user: stopped, not left behind.
      expect(existsSync(join(dir, '.flowschema/pg/data/postmaster.pid'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
