import { generateArtifacts, type FileMap } from './artifacts/index.ts';
import { loadDefinitions } from './loader/index.ts';
import { buildModel, hasErrors, sortDiagnostics, type Diagnostic, type ProjectModel } from './model/index.ts';

export interface CompileResult {
  /** The generated/ tree, or undefined when there are errors: nothing may be written then. */
  readonly files: FileMap | undefined;
  readonly model: ProjectModel | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

export interface CompileStream {
  /** generated/ files one at a time, or undefined when there are errors. */
  readonly files: Iterable<[string, string]> | undefined;
  readonly model: ProjectModel | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The compiler as one pure function: definition sources (path -> text, paths
 * relative to the project root, as they appear in generated headers) in,
 * generated files and diagnostics out. Every diagnostic is known before the
 * first file is produced, so a caller never has to undo a write.
 */
export function compileStream(sources: ReadonlyMap<string, string>): CompileStream {
  const loaded = loadDefinitions(sources);
  const built = buildModel(loaded.definitions);
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...built.diagnostics]);
  if (hasErrors(diagnostics)) return { files: undefined, model: undefined, diagnostics };
  return { files: generateArtifacts(built.model), model: built.model, diagnostics };
}

export function compile(sources: ReadonlyMap<string, string>): CompileResult {
  const result = compileStream(sources);
  return { ...result, files: result.files && new Map(result.files) };
}
