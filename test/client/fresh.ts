import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatDiagnostic } from '../../src/model/index.ts';
import { compileDir, ROOT } from '../support/compile-dir.ts';

/**
 * Compiles `<project>/definitions` now, in the test, and writes the tree to
 * a temporary folder: the behaviour tests import their clients from there
 * (besides the committed generated/), so a codegen bug fails a behaviour
 * test, not only a byte comparison. Call `remove()` when done.
 */
export function freshGenerated(project = ROOT): { readonly dir: string; remove(): void } {
  const result = compileDir(project);
  if (!result.files) throw new Error(`compile failed:\n${result.diagnostics.map(formatDiagnostic).join('\n')}`);
  const dir = mkdtempSync(join(tmpdir(), 'flowschema-fresh-'));
  for (const [path, text] of result.files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The definitions test/data/ checks data documents with (domain dtypes, flow typed-data). */
export const DATA_PROJECT = join(ROOT, 'test', 'data');
