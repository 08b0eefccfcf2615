import { existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { listFiles, readDefinitionSources } from '../files.ts';
import { compile } from '../compile.ts';
import type { Diagnostic } from '../model/index.ts';
import { importDefinitions, type ImportInput, type ImportResult } from './import.ts';

/**
 * `flowschema import` for a project: the vNext JSON files named (a folder:
 * every .json in it but vnext.config.json), imported into the definitions
 * folder together with what it holds, compiled in memory, and written only
 * when that compiles and nothing would be replaced (unless `force`): a
 * definitions folder never holds half an import.
 */
export interface ImportPlan {
  readonly result: ImportResult;
  /** compile's diagnostics for the definitions folder with the import in it */
  readonly diagnostics: readonly Diagnostic[];
  /** files that exist and would be replaced (refused unless force) */
  readonly conflicts: readonly string[];
  /** what would be written: absolute path, contents */
  readonly writes: readonly (readonly [string, string | Buffer])[];
  /** domain.ts files kept because the definitions folder has one */
  readonly kept: readonly string[];
}

/** The JSON files `paths` name; a path that is neither a file nor a folder is a problem. */
export function readImportInputs(paths: readonly string[]): { inputs: ImportInput[]; problems: string[] } {
  const inputs: ImportInput[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      problems.push(`${path}: no such file or folder`);
      continue;
    }
    const files = stat.isDirectory() ? listFiles(path, (p) => p.endsWith('.json') && basename(p) !== 'vnext.config.json').map((p) => join(path, p)) : [path];
    for (const file of files) inputs.push({ path: file.split(sep).join('/'), text: readFileSync(file, 'utf8') });
  }
  return { inputs, problems };
}

export function planImport(inputs: readonly ImportInput[], definitions: string, force: boolean): ImportPlan {
  const result = importDefinitions(inputs);
  const root = resolve(definitions);
  if (existsSync(root) && !statSync(root).isDirectory()) throw new ImportTargetError(`${definitions} is not a folder: import writes definitions into a folder`);
  const label = relative(process.cwd(), root).split(sep).join('/') || '.';
  const sources = existsSync(root) ? readDefinitionSources(root, label) : new Map<string, string>();
  const writes: [string, string | Buffer][] = [];
  const conflicts: string[] = [];
  const kept: string[] = [];
  for (const [path, contents] of result.files) {
    const target = join(root, path);
    // Only real folders under the definitions folder: a symbolic link on the way (which compile would not read) is refused.
    const link = linkOnTheWay(root, path);
    if (link) throw new ImportTargetError(`${label}/${link} is a symbolic link: import writes only into real folders under ${label} (compile reads no links)`);
    if (entryExists(target)) {
      if (lstatSync(target).isDirectory()) throw new ImportTargetError(`${label}/${path} is a folder: import would write a file there`);
      if (path.endsWith('/domain.ts')) {
        kept.push(`${label}/${path}`);
        continue;
      }
      if (!force) conflicts.push(`${label}/${path}`);
    }
    writes.push([target, contents]);
    sources.set(`${label}/${path}`, typeof contents === 'string' ? contents : contents.toString('utf8'));
  }
  const diagnostics = compile(sources).diagnostics;
  return { result, diagnostics, conflicts, writes, kept };
}

/**
 * Writes the plan's files: every one to a temporary file first, and only
 * when all are written, each renamed into place; a failure before that
 * removes the temporary files, so nothing of the import is left.
 */
export function writeImport(plan: ImportPlan): void {
  const temporaries: [string, string][] = [];
  try {
    for (const [target, contents] of plan.writes) {
      mkdirSync(dirname(target), { recursive: true });
      const temporary = `${target}.${process.pid}.tmp`;
      writeFileSync(temporary, contents, { flag: 'wx' });
      temporaries.push([temporary, target]);
    }
  } catch (error) {
    for (const [temporary] of temporaries) rmSync(temporary, { force: true });
    throw new ImportTargetError(`cannot write the import: ${(error as Error).message}`);
  }
  try {
    for (const [temporary, target] of temporaries) renameSync(temporary, target);
  } catch (error) {
    for (const [temporary] of temporaries) rmSync(temporary, { force: true });
    throw new ImportTargetError(`cannot write the import: ${(error as Error).message}`);
  }
}

/** A folder import cannot write into: one line for the CLI. */
export class ImportTargetError extends Error {}

/** Whether anything (a file, a folder, a link, even a dangling one) is at `path`. */
function entryExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The first symbolic link on the way from `root` to `root/relative` (relative to root), if any. */
function linkOnTheWay(root: string, relative: string): string | undefined {
  const parts = relative.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const path = join(root, ...parts.slice(0, i));
    try {
      if (lstatSync(path).isSymbolicLink()) return parts.slice(0, i).join('/');
    } catch {
      return undefined;
    }
  }
  if (entryExists(root) && lstatSync(root).isSymbolicLink()) return '.';
  return undefined;
}
