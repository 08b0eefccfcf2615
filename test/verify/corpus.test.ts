import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTree } from '../../src/cli/files.ts';
import { compileStream } from '../../src/compile.ts';
import { formatDiagnostic } from '../../src/model/index.ts';
import { verifyProject } from '../../src/verify/index.ts';
import { ROOT } from '../support/compile-dir.ts';
import { bootstrappedDatabase, type TestDomainDatabase } from '../support/domain-db.ts';
import { dropRoles } from '../support/security-project.ts';

/**
 * The verify corpus: test/verify/corpus/<case>/ holds a project's
 * definitions/ (domain `vfy`), optionally previous/ (the definitions of the
 * version before, compiled first as the history), and expected.txt: exactly
 * the diagnostics `compile --verify` gives. Every case compiles cleanly: its
 * SQL is something only PostgreSQL can refuse (or, for a chain, only a
 * build can tell apart). All cases share one bootstrapped domain, one at a
 * time, in its scratch database (as the CLI's verify does).
 */
const CORPUS = join(ROOT, 'test/verify/corpus');
const cases = readdirSync(CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const update = process.env.UPDATE_GOLDEN === '1' && !process.env.CI;

function sourcesOf(dir: string, folder: string): Map<string, string> {
  const sources = new Map<string, string>();
  for (const [rel, text] of readTree(join(dir, folder), (p) => p.endsWith('.ts'))) sources.set(`definitions/${rel}`, text);
  return sources;
}

describe('verify corpus (test/verify/corpus)', () => {
  let db: TestDomainDatabase;
  beforeAll(async () => {
    db = await bootstrappedDatabase('verify_corpus', 'vfy');
  });
  afterAll(async () => {
    await db?.drop();
    await dropRoles('vfy');
  });

  it('has at least 15 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  for (const name of cases) {
    it(name, async () => {
      const dir = join(CORPUS, name);
      let previous: Map<string, string> | undefined;
      if (existsSync(join(dir, 'previous'))) {
        const before = compileStream(sourcesOf(dir, 'previous'));
        expect(before.diagnostics.map(formatDiagnostic)).toEqual([]);
        previous = new Map(before.files!);
      }
      const sources = sourcesOf(dir, 'definitions');
      const result = compileStream(sources, previous ? { previous } : {});
      expect(result.diagnostics.map(formatDiagnostic), 'compiles cleanly').toEqual([]);
      const files = new Map(result.files!);
      const verification = await verifyProject({ files, model: result.model!, plan: result.plan!, sources, scratch: async () => db.driftUrl });
      const text = verification.diagnostics.map((d) => `${formatDiagnostic(d)}\n`).join('');
      if (update) writeFileSync(join(dir, 'expected.txt'), text);
      expect(text).toBe(readFileSync(join(dir, 'expected.txt'), 'utf8'));
      expect(text).toContain('error FS22');
    });
  }
});
