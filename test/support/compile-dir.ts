import { dirname, join, relative, sep } from 'node:path';
import { readTree } from '../../src/cli/files.ts';
import { compile, type CompileResult } from '../../src/compile.ts';

export const ROOT = join(dirname(new URL(import.meta.url).pathname), '..', '..');

/** Compiles `<dir>/definitions` the way the CLI does (paths relative to `dir`). */
export function compileDir(dir: string): CompileResult {
  const defs = join(dir, 'definitions');
  const prefix = relative(dir, defs).split(sep).join('/');
  const sources = new Map<string, string>();
  for (const [rel, text] of readTree(defs, (p) => p.endsWith('.ts'))) sources.set(`${prefix}/${rel}`, text);
  return compile(sources);
}
