import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowschema, scratchProject } from '../support/cli.ts';
import { ROOT } from '../support/compile-dir.ts';

/**
 * The compile cache (.flowschema/cache/compile.json) is a file on the
 * developer's machine, not reviewed like definitions: a cached model unit is
 * used only if its SQL passes the same grammar checks as a definition's.
 */
describe('an edited compile cache cannot smuggle SQL', () => {
  it('a check expression widened in the cache is not used: the definition is read again and the migration is clean', () => {
    const project = scratchProject(join(ROOT, 'definitions'));
    try {
      expect(flowschema(['compile'], project).status).toBe(0);
      const clean = readFileSync(join(project, 'generated/idm/flows/user_registration/migrations/0001_2.0.1.sql'), 'utf8');
      const cachePath = join(project, '.flowschema/cache/compile.json');
      const cache = readFileSync(cachePath, 'utf8');
      // Found by the red-team review: one more column and one more constraint inside the CREATE TABLE.
      const smuggled = `attempts >= 0), \\"smuggled\\" text DEFAULT current_setting('data_directory', true), CONSTRAINT \\"z\\" CHECK (true`;
      expect(cache).toContain('"expression":"attempts >= 0"');
      writeFileSync(cachePath, cache.replace('"expression":"attempts >= 0"', `"expression":"${smuggled}"`));
      rmSync(join(project, 'generated'), { recursive: true });
      const run = flowschema(['compile'], project);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(readFileSync(join(project, 'generated/idm/flows/user_registration/migrations/0001_2.0.1.sql'), 'utf8')).toBe(clean);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
