import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compile } from '../../src/compile.ts';
import { loadSqlGrammar } from '../../src/model/index.ts';
import { flowSource } from '../bench/compile/generate.ts';

// The compiler checks SQL with PostgreSQL's grammar: loaded once, before anything here compiles (the benchmarks run outside vitest).
await loadSqlGrammar();

const DOMAIN = "import { defineDomain } from 'flowschema';\nexport default defineDomain({ name: 'bench' });\n";

/** Sources of N synthetic flows in domain `bench` (the benchmark's flows), at a version, optionally with one more column. */
export function syntheticSources(n: number, version = '1.0.0', extraColumn = ''): Map<string, string> {
  const sources = new Map([['definitions/bench/domain.ts', DOMAIN]]);
  for (let i = 1; i <= n; i++) sources.set(`definitions/bench/flow-${i}.flow.ts`, flowSource(i, version, extraColumn));
  return sources;
}

/** Compiles them (on top of `previous`) and writes the generated/ tree to `dir`. */
export function writeSyntheticGenerated(dir: string, sources: Map<string, string>, previous?: Map<string, string>): Map<string, string> {
  const result = compile(sources, { previous });
  if (!result.files) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  for (const [path, text] of result.files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return result.files;
}
