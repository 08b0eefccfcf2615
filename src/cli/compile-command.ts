import { dirname, join, relative, resolve, sep } from 'node:path';
import { compileStream } from '../compile.ts';
import { isDirectory, readTree } from './files.ts';
import { syncTree } from './output-tree.ts';
import { printDiagnostics } from './print.ts';
import { EXIT } from './exit-codes.ts';

export interface CompileOptions {
  readonly definitions: string;
  readonly out: string;
  readonly check: boolean;
}

/** `flowschema compile`: definitions -> generated/, or with --check, a comparison only. */
export function runCompile(options: CompileOptions): number {
  const definitionsDir = resolve(options.definitions);
  const outDir = resolve(options.out);
  if (!isDirectory(definitionsDir)) {
    process.stderr.write(`flowschema: definitions folder not found: ${options.definitions}\n`);
    return EXIT.usage;
  }
  // Source paths are relative to the folder holding definitions/, so generated
  // headers do not depend on where the command runs.
  const projectRoot = dirname(definitionsDir);
  const prefix = relative(projectRoot, definitionsDir).split(sep).join('/');
  const sources = new Map<string, string>();
  for (const [rel, text] of readTree(definitionsDir, (p) => p.endsWith('.ts'))) sources.set(`${prefix}/${rel}`, text);
  const out = displayPath(outDir);
  // The current tree is the history new migrations build on, and what the new tree is compared with.
  const existing = readTree(outDir);
  const result = compileStream(sources, { previous: existing, outLabel: out });
  printDiagnostics(result.diagnostics, (file) => displayPath(join(projectRoot, file)));
  if (!result.files) return EXIT.problems;

  const diff = syncTree(outDir, result.files, existing, options.check);
  const clean = diff.added.length === 0 && diff.changed.length === 0 && diff.removed.length === 0;
  if (options.check) {
    if (clean) {
      process.stdout.write(`${out} is up to date (${diff.unchanged} files)\n`);
      return EXIT.ok;
    }
    for (const p of diff.added) process.stdout.write(`missing: ${out}/${p}\n`);
    for (const p of diff.changed) process.stdout.write(`differs: ${out}/${p}\n`);
    for (const p of diff.removed) process.stdout.write(`extra:   ${out}/${p}\n`);
    process.stdout.write(`${out} is not what the definitions produce: run flowschema compile\n`);
    return EXIT.problems;
  }
  if (clean) {
    process.stdout.write(`${out} is up to date (${diff.unchanged} files); nothing written\n`);
    return EXIT.ok;
  }
  // Per-file lines only for small changes: a first compile of 500 flows should not print 1,500 lines.
  if (diff.added.length + diff.changed.length + diff.removed.length <= 50) {
    for (const p of diff.added) process.stdout.write(`created  ${out}/${p}\n`);
    for (const p of diff.changed) process.stdout.write(`updated  ${out}/${p}\n`);
    for (const p of diff.removed) process.stdout.write(`removed  ${out}/${p}\n`);
  }
  process.stdout.write(`${diff.added.length} created, ${diff.changed.length} updated, ${diff.removed.length} removed, ${diff.unchanged} unchanged\n`);
  return EXIT.ok;
}

function displayPath(absolute: string): string {
  const rel = relative(process.cwd(), absolute);
  return (rel.startsWith('..') || rel === '' ? absolute : rel).split(sep).join('/');
}
