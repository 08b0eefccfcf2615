import { cpSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowschema } from '../support/cli.ts';
import { ROOT } from '../support/compile-dir.ts';

/**
 * As root (CI containers), the embedded PostgreSQL runs as the OS user
 * postgres. A project under a folder that user cannot enter (mktemp -d
 * makes 0700 folders) got an uncaught `spawn …/initdb EACCES` stack trace;
 * now it is one line saying why and what to do, and nothing is created.
 */
describe.runIf(process.getuid?.() === 0)('as root, in a folder the postgres user cannot enter', () => {
  it('up fails with one line, exit 2, and no data folder', () => {
    // a project inside a folder made by mktemp -d (0700), as in a CI job's scratch folder
    const outer = mkdtempSync(join(tmpdir(), 'flowschema-root-'));
    const project = join(outer, 'project');
    try {
      expect(statSync(outer).mode & 0o777).toBe(0o700);
      for (const d of ['payment', 'shared']) cpSync(join(ROOT, 'definitions', d), join(project, 'definitions', d), { recursive: true });
      expect(flowschema(['compile'], project).status).toBe(0);
      const env = { DATABASE_URL: '' };
      const up = flowschema(['up'], project, env);
      expect(up.stderr).toBe(
        `flowschema: no PostgreSQL: flowschema runs as root, so the embedded PostgreSQL runs as the OS user postgres, which cannot enter ${outer} (mode 0700) on the way to its data: ` +
          `work in a folder every user may enter (not a 0700 home folder or mktemp -d), or chmod o+x ${outer}, or set DATABASE_URL to a PostgreSQL server\n`,
      );
      expect(up.status).toBe(2);
      expect(existsSync(join(project, '.flowschema', 'pg'))).toBe(false);
    } finally {
      rmSync(outer, { recursive: true, force: true });
    }
  });
});
