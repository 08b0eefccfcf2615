import { dirname, join } from 'node:path';
import { readDefinitions } from '../../src/cli/sources.ts';
import { compile, type CompileResult } from '../../src/compile.ts';

export const ROOT = join(dirname(new URL(import.meta.url).pathname), '..', '..');

/** Compiles `<dir>/definitions` the way the CLI does (paths relative to `dir`). */
export function compileDir(dir: string): CompileResult {
  // As the CLI reads them: .ts definitions and the .csx scripts beside them.
  return compile(readDefinitions(join(dir, 'definitions'))!.sources);
}
