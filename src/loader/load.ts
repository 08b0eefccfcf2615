import { diagnostic, type Diagnostic } from '../model/diagnostic.ts';
import { Evaluator } from './evaluate.ts';
import { indexModule, positionOf, type ModuleIndex } from './module.ts';
import type { LoadedDefinition } from './values.ts';

export interface LoadResult {
  readonly definitions: readonly LoadedDefinition[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Reads definition files (path -> text; paths as the user should see them)
 * into values with positions. Pure: the CLI reads the files.
 * A file whose default export is a `define*(...)` call is a definition;
 * other files may hold shared const values for import.
 * Syntax trees are kept only for files that others import, so memory stays
 * flat however many flows there are.
 */
export function loadDefinitions(files: ReadonlyMap<string, string>): LoadResult {
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
  const evaluator = new Evaluator(moduleOf, new Set(paths));
  const definitions: LoadedDefinition[] = [];
  for (const path of paths) {
    const module = imported.get(path) ?? indexModule(path, files.get(path)!);
    if (module.syntaxError) {
      diagnostics.push(diagnostic('FS1001', module.syntaxError.pos, `syntax error: ${module.syntaxError.message}`, 'fix the TypeScript syntax'));
      continue;
    }
    if (!module.defaultExport) continue;
    const pos = positionOf(module.source, path, module.defaultExport);
    const value = evaluator.exported(module, 'default', pos);
    if (value.kind === 'define') definitions.push({ file: path, helper: value.helper, value: value.arg, pos: value.pos });
    else if (value.kind !== 'invalid')
      diagnostics.push(diagnostic('FS1014', pos, 'the default export of a definition file must be a defineFlow(...) or defineDomain(...) call', "write `export default defineFlow({ ... })`, or remove the default export from a file of shared values"));
  }
  return { definitions, diagnostics: [...diagnostics, ...evaluator.diagnostics] };
}
