import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { compileStream, type CompileStream } from '../compile.ts';
import type { ClientLanguage } from '../codegen/index.ts';
import { readCompileCache, writeCompileCache } from './cache-file.ts';
import { EXIT } from './exit-codes.ts';
import { isDirectory } from './files.ts';
import { readDefinitionSources } from '../files.ts';
import { overlapWithDefinitions, ownedFiles } from './output-tree.ts';
import { printDiagnostics } from './print.ts';

export interface ProjectFiles extends DefinitionFiles {
  readonly existing: Map<string, string>;
  readonly outDir: string;
  /** generated/ as the user should see it in messages */
  readonly outLabel: string;
  /** a definitions path (relative to the project root) as the user should see it */
  readonly display: (file: string) => string;
}

export interface DefinitionFiles {
  /** the folder that holds definitions/ */
  readonly root: string;
  readonly sources: Map<string, string>;
}

/**
 * Reads definitions/, paths relative to the folder that holds it (so output
 * does not depend on where the command runs). Undefined when the folder does
 * not exist.
 */
export function readDefinitions(definitions: string): DefinitionFiles | undefined {
  const definitionsDir = resolve(definitions);
  if (!isDirectory(definitionsDir)) return undefined;
  const root = dirname(definitionsDir);
  const prefix = relative(root, definitionsDir).split(sep).join('/');
  return { root, sources: readDefinitionSources(definitionsDir, prefix) };
}

/** definitions/ and flowschema's files in the current generated/ (`owned`, from `ownedFiles`: nothing else there is read). */
export function readProject(found: DefinitionFiles, outDir: string, owned: readonly string[]): ProjectFiles {
  const existing = new Map<string, string>();
  for (const rel of owned) existing.set(rel, readFileSync(join(outDir, rel), 'utf8'));
  return {
    ...found,
    existing,
    outDir,
    outLabel: displayPath(outDir),
    display: (file) => (file.startsWith(`${displayPath(outDir)}/`) ? file : displayPath(join(found.root, file))),
  };
}

export function displayPath(absolute: string): string {
  const rel = relative(process.cwd(), absolute);
  return (rel.startsWith('..') || rel === '' ? absolute : rel).split(sep).join('/');
}

/**
 * The prologue every compiling command shares (compile, plan, and up through
 * compile --check): read the definitions, refuse an output folder flowschema
 * does not own (`refuseOutput`), compile against its current files, print the
 * diagnostics. A number is the exit code to stop with. `saveCache` once the
 * files have been consumed.
 */
export function compileProject(definitions: string, out: string, client?: ClientLanguage): { project: ProjectFiles; result: CompileStream; saveCache: () => void } | number {
  const found = readDefinitions(definitions);
  if (!found) {
    process.stderr.write(`flowschema: definitions folder not found: ${definitions}\n`);
    return EXIT.usage;
  }
  const outDir = resolve(out);
  const refused = refuseOutput(definitions, out, outDir);
  if (typeof refused === 'number') return refused;
  const project = readProject(found, outDir, refused);
  const cache = readCompileCache(project.root);
  const result = compileStream(project.sources, { previous: project.existing, outLabel: project.outLabel, cache, ...(client ? { client } : {}) });
  printDiagnostics(result.diagnostics, project.display);
  return { project, result, saveCache: () => result.cache && writeCompileCache(project.root, result.cache(), cache) };
}

/** The most `foreign:` lines printed; past that the folder is plainly not an output folder. */
const FOREIGN_SHOWN = 100;

/**
 * The output-ownership rules (output-tree.ts), checked before anything is
 * read from or written to the output folder: an exit code after printing
 * why, or the files flowschema owns there.
 */
function refuseOutput(definitions: string, out: string, outDir: string): number | string[] {
  const overlap = overlapWithDefinitions(resolve(definitions), outDir);
  if (overlap) {
    process.stderr.write(`flowschema: --out ${out} ${overlap} the definitions folder ${definitions}: choose an output folder apart from the definitions, such as generated\n`);
    return EXIT.usage;
  }
  if (existsSync(outDir) && !isDirectory(outDir)) {
    process.stderr.write(`flowschema: --out ${out} is not a folder: choose an output folder, such as generated\n`);
    return EXIT.usage;
  }
  const { owned, foreign } = ownedFiles(outDir);
  if (foreign.length === 0) return owned;
  const label = displayPath(outDir);
  for (const path of foreign.slice(0, FOREIGN_SHOWN)) process.stderr.write(`foreign: ${label}/${path}\n`);
  if (foreign.length > FOREIGN_SHOWN) process.stderr.write(`foreign: … and ${foreign.length - FOREIGN_SHOWN} more\n`);
  process.stderr.write(
    `flowschema: ${label} holds ${foreign.length} file(s) flowschema did not write (listed above as foreign:); compile never overwrites or removes them: move them out of ${label}, or choose an empty or new --out folder\n`,
  );
  return EXIT.problems;
}
