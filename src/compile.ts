import { buildArtifacts, type FileMap } from './artifacts/index.ts';
import { loadDefinitions } from './loader/index.ts';
import { buildModel, hasErrors, sortDiagnostics, type Diagnostic, type ProjectModel } from './model/index.ts';

export interface CompileResult {
  /** The generated/ tree, or undefined when there are errors: nothing may be written then. */
  readonly files: FileMap | undefined;
  readonly model: ProjectModel | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The compiler as one pure function: definition sources (path -> text, paths
 * relative to the project root, as they appear in generated headers) in,
 * generated files and diagnostics out.
 */
export function compile(sources: ReadonlyMap<string, string>): CompileResult {
  const loaded = loadDefinitions(sources);
  const built = buildModel(loaded.definitions);
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...built.diagnostics]);
  if (hasErrors(diagnostics)) return { files: undefined, model: undefined, diagnostics };
  return { files: buildArtifacts(built.model), model: built.model, diagnostics };
}
