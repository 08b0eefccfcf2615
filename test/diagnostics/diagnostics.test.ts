import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/model/index.ts';
import { compileDir, ROOT } from '../support/compile-dir.ts';

/**
 * The bad-definition corpus: test/diagnostics/<case>/definitions holds one
 * mistake (or a few), expected.txt the exact diagnostics, positions included.
 * A case with an error must produce no files at all.
 */
const CASES_DIR = join(ROOT, 'test/diagnostics');
const cases = readdirSync(CASES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const update = process.env.UPDATE_GOLDEN === '1' && !process.env.CI;

describe('diagnostics corpus', () => {
  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  for (const name of cases) {
    it(name, () => {
      const dir = join(CASES_DIR, name);
      const result = compileDir(dir);
      const text = result.diagnostics.map((d) => `${formatDiagnostic(d)}\n`).join('');
      if (update) writeFileSync(join(dir, 'expected.txt'), text);
      expect(text).toBe(readFileSync(join(dir, 'expected.txt'), 'utf8'));
      if (result.diagnostics.some((d) => d.severity === 'error')) expect(result.files).toBeUndefined();
    });
  }
});
