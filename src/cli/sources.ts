import { dirname, join, relative, resolve, sep } from 'node:path';
import { compileStream, type CompileStream } from '../compile.ts';
import { readCompileCache, writeCompileCache } from './cache-file.ts';
import { EXIT } from './exit-codes.ts';
import { isDirectory, readTree } from './files.ts';
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
  const sources = new Map<string, string>();
  for (const [rel, text] of readTree(definitionsDir, (p) => p.endsWith('.ts'))) sources.set(`${prefix}/${rel}`, text);
  return { root, sources };
}

/** definitions/ and the current generated/. Undefined when the definitions folder does not exist. */
export function readProject(definitions: string, out: string): ProjectFiles | undefined {
  const found = readDefinitions(definitions);
  if (!found) return undefined;
  const outDir = resolve(out);
  return {
    ...found,
    existing: readTree(outDir),
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
 * The prologue every compiling command shares: read the project, compile it
 * against its current generated/ tree, print the diagnostics. A number is the
 * exit code to stop with. `saveCache` once the files have been consumed.
 */
export function compileProject(definitions: string, out: string): { project: ProjectFiles; result: CompileStream; saveCache: () => void } | number {
  const project = readProject(definitions, out);
  if (!project) {
    process.stderr.write(`flowschema: definitions folder not found: ${definitions}\n`);
    return EXIT.usage;
  }
  const cache = readCompileCache(project.root);
  const result = compileStream(project.sources, { previous: project.existing, outLabel: project.outLabel, cache });
  printDiagnostics(result.diagnostics, project.display);
  return { project, result, saveCache: () => result.cache && writeCompileCache(project.root, result.cache(), cache) };
}
