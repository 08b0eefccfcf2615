import { EXIT } from './exit-codes.ts';
import { syncTree } from './output-tree.ts';
import { compileProject } from './sources.ts';

export interface CompileOptions {
  readonly definitions: string;
  readonly out: string;
  readonly check: boolean;
}

/** `flowschema compile`: definitions -> generated/, or with --check, a comparison only. */
export async function runCompile(options: CompileOptions): Promise<number> {
  const compiled = compileProject(options.definitions, options.out);
  if (typeof compiled === 'number') return compiled;
  const { project, result, saveCache } = compiled;
  if (!result.files) return EXIT.problems;

  const out = project.outLabel;
  const diff = await syncTree(project.outDir, result.files, project.existing, options.check);
  if (!options.check) saveCache();
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
