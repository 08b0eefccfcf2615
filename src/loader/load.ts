import { diagnostic, type Diagnostic } from '../model/diagnostic.ts';
import { Evaluator } from './evaluate.ts';
import { indexModule, positionOf, type ModuleIndex } from './module.ts';
import { SCRIPT_EXTENSION, type LoadedDefinition } from './values.ts';

/** What loading one file found, for a cache keyed by file contents. */
export interface LoadedFile {
  /** null for a file of shared values (no default export) */
  readonly definition: LoadedDefinition | null;
  /** the other definition files (and script files) its value was read from */
  readonly deps: ReadonlySet<string>;
  /** it loaded without a diagnostic */
  readonly clean: boolean;
}

export interface LoadResult {
  readonly definitions: readonly LoadedDefinition[];
  readonly diagnostics: readonly Diagnostic[];
  /** every file loaded this run (those in `skip` are not) */
  readonly files: ReadonlyMap<string, LoadedFile>;
}

/**
 * Reads definition files (path -> text; paths as the user should see them)
 * into values with positions. Pure: the CLI reads the files.
 * A file whose default export is a `define*(...)` call is a definition;
 * other files may hold shared const values for import.
 * Files in `skip` (known from a cache) are not evaluated, though others may
 * still import from them. Syntax trees are kept only for files that others
 * import, so memory stays flat however many flows there are, and the
 * TypeScript parser is not even loaded when every file is skipped.
 */
export function loadDefinitions(files: ReadonlyMap<string, string>, skip: ReadonlySet<string> = new Set()): LoadResult {
  const paths = [...files.keys()].filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts')).sort();
  const imported = new Map<string, ModuleIndex>();
  const moduleOf = (path: string): ModuleIndex | undefined => {
    const text = files.get(path);
    if (text === undefined) return undefined;
    let module = imported.get(path);
    if (!module) imported.set(path, (module = indexModule(path, text)));
    return module;
  };
  const diagnostics: Diagnostic[] = [];
  const definitions: LoadedDefinition[] = [];
  const loadedFiles = new Map<string, LoadedFile>();
  let evaluator: Evaluator | undefined;
  for (const path of paths) {
    if (skip.has(path)) continue;
    evaluator ??= new Evaluator(moduleOf, new Set(paths), (file) => (file.endsWith(SCRIPT_EXTENSION) ? files.get(file) : undefined));
    const before = diagnostics.length + evaluator.diagnostics.length;
    const module = imported.get(path) ?? indexModule(path, files.get(path)!);
    if (module.syntaxError) {
      const e = module.syntaxError;
      diagnostics.push(e.code ? diagnostic(e.code, e.pos, e.message, e.hint) : diagnostic('FS1001', e.pos, `syntax error: ${e.message}`, 'fix the TypeScript syntax'));
      loadedFiles.set(path, { definition: null, deps: new Set(), clean: false });
      continue;
    }
    let definition: LoadedDefinition | null = null;
    let deps = new Set<string>();
    if (module.defaultExport) {
      const pos = positionOf(module.source, path, module.defaultExport);
      const ev = evaluator;
      const evaluated = ev.withDeps(() => ev.exported(module, 'default', pos));
      deps = evaluated.deps;
      const value = evaluated.value;
      if (value.kind === 'define') definition = { file: path, helper: value.helper, value: value.arg, pos: value.pos };
      else if (value.kind !== 'invalid')
        diagnostics.push(diagnostic('FS1014', pos, 'the default export of a definition file must be a define*(...) call (defineFlow, defineDomain, defineTask, defineView, defineFunction, defineExtension, defineSchema, defineMapping)', "write `export default defineFlow({ ... })`, or remove the default export from a file of shared values"));
    }
    deps.delete(path);
    if (definition) definitions.push(definition);
    loadedFiles.set(path, { definition, deps, clean: diagnostics.length + evaluator.diagnostics.length === before });
  }
  return { definitions, diagnostics: [...diagnostics, ...(evaluator?.diagnostics ?? [])], files: loadedFiles };
}
