import { EXIT } from './exit-codes.ts';
import { syncTree } from './output-tree.ts';
import { compileProject } from './sources.ts';

/**
 * `compile --check` without a word when all is well: commands that act on a
 * database from generated/ (start) refuse a stale one, as `up` does, and keep
 * their own stdout for their output. Problems go to stderr; the exit code to
 * stop with, or EXIT.ok.
 */
export async function checkGeneratedCurrent(definitions: string, out: string, command: string): Promise<number> {
  const compiled = compileProject(definitions, out);
  if (typeof compiled === 'number') return compiled;
  const { project, result } = compiled;
  if (!result.files) return EXIT.problems;
  const diff = await syncTree(project.outDir, result.files, project.existing, true);
  const stale = [...diff.added.map((p) => `missing: ${p}`), ...diff.changed.map((p) => `differs: ${p}`), ...diff.removed.map((p) => `extra:   ${p}`)];
  if (stale.length === 0) return EXIT.ok;
  for (const line of stale) process.stderr.write(`${line.replace(/^(\w+:\s+)/, `$1${project.outLabel}/`)}\n`);
  process.stderr.write(`flowschema: ${command} stopped before touching any database: ${project.outLabel} is not what the definitions produce: run flowschema compile\n`);
  return EXIT.problems;
}
