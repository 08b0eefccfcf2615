import { generateArtifacts, planArtifacts, readHistory, type ArtifactPlan, type FileMap } from './artifacts/index.ts';
import { loadDefinitions } from './loader/index.ts';
import { buildModel, hasErrors, sortDiagnostics, type Diagnostic, type ProjectModel } from './model/index.ts';

export interface CompileOptions {
  /** The generated/ tree as it is now (path -> text): the history new migrations build on. */
  readonly previous?: ReadonlyMap<string, string>;
  /** How diagnostics name files of the generated/ tree (`generated`). */
  readonly outLabel?: string;
}

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
  /** Each flow against its history: what `plan` shows. */
  readonly plan: ArtifactPlan | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The compiler as one pure function: definition sources (path -> text, paths
 * relative to the project root, as they appear in generated headers) and the
 * current generated/ tree in; the new tree and diagnostics out. Every
 * diagnostic is known before the first file is produced, so a caller never
 * has to undo a write.
 */
export function compileStream(sources: ReadonlyMap<string, string>, options: CompileOptions = {}): CompileStream {
  const loaded = loadDefinitions(sources);
  const built = buildModel(loaded.definitions);
  let diagnostics = sortDiagnostics([...loaded.diagnostics, ...built.diagnostics]);
  if (hasErrors(diagnostics)) return { files: undefined, model: undefined, plan: undefined, diagnostics };
  const history = readHistory(options.previous ?? new Map(), options.outLabel ?? 'generated');
  const plan = planArtifacts(built.model, history);
  diagnostics = sortDiagnostics([...diagnostics, ...plan.diagnostics]);
  if (hasErrors(diagnostics)) return { files: undefined, model: undefined, plan: undefined, diagnostics };
  return { files: generateArtifacts(plan), model: built.model, plan, diagnostics };
}

export function compile(sources: ReadonlyMap<string, string>, options: CompileOptions = {}): CompileResult {
  const result = compileStream(sources, options);
  return { files: result.files && new Map(result.files), model: result.model, diagnostics: result.diagnostics };
}
