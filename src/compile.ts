import { generateArtifacts, planArtifacts, readHistory, sha256, type ArtifactPlan, type FileMap, type FlowOutput } from './artifacts/index.ts';
import { versionContentDiagnostics } from './artifacts/version-rule.ts';
import { isFresh, type CompileCache, type CompileCacheEntry } from './compile-cache.ts';
import { loadDefinitions } from './loader/index.ts';
import type { ClientLanguage } from './codegen/index.ts';
import { assembleModel, hasErrors, readUnit, sortDiagnostics, type Diagnostic, type ModelUnit, type ProjectModel } from './model/index.ts';
import { unitSqlProblem } from './model/unit-sql.ts';

export interface CompileOptions {
  /** The generated/ tree as it is now (path -> text): the history new migrations build on. */
  readonly previous?: ReadonlyMap<string, string>;
  /** How diagnostics name files of the generated/ tree (`generated`). */
  readonly outLabel?: string;
  /** What an earlier compile learned (see compile-cache.ts). */
  readonly cache?: CompileCache;
  /**
   * The clients to write: `ts` (client.ts) or `js` (client.js and
   * client.d.ts). Default: what `previous` holds (a tree with client.js
   * files stays JavaScript), else `ts`.
   */
  readonly client?: ClientLanguage;
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
  /** The cache for the next compile; complete once `files` has been consumed. Undefined after errors. */
  readonly cache: (() => CompileCache) | undefined;
  /** definition files taken from the cache rather than parsed */
  readonly cacheHits: number;
}

/**
 * The compiler as one pure function: definition sources (path -> text, paths
 * relative to the project root, as they appear in generated headers) and the
 * current generated/ tree in; the new tree and diagnostics out. Every
 * diagnostic is known before the first file is produced, so a caller never
 * has to undo a write.
 */
export function compileStream(sources: ReadonlyMap<string, string>, options: CompileOptions = {}): CompileStream {
  const cache = options.cache ?? {};
  const { model, diagnostics: modelDiagnostics, fresh, nextCache } = buildModel(sources, cache);
  const none = { files: undefined, model: undefined, plan: undefined, cache: undefined, cacheHits: fresh.size };
  let diagnostics = modelDiagnostics;
  if (!model) return { ...none, diagnostics };

  const client = options.client ?? clientLanguageOf(options.previous ?? new Map());
  const history = readHistory(options.previous ?? new Map(), options.outLabel ?? 'generated', client);
  const plan = planArtifacts(model, history, (flow, past) => {
    const output = fresh.has(flow.file) ? cache[flow.file]?.output : undefined;
    // Reused files must be byte for byte what this cache recorded, so an edited file is never passed through.
    return (
      output !== undefined &&
      output.snapshotSha === sha256(past.snapshotText) &&
      past.client !== undefined && output.clientSha === sha256(past.client) &&
      past.dataSchema !== undefined && output.dataSchemaSha === sha256(past.dataSchema) &&
      past.component !== undefined && output.componentSha === sha256(past.component) &&
      JSON.stringify(output.entry) === JSON.stringify(past.entry)
    );
  });
  diagnostics = sortDiagnostics([...diagnostics, ...plan.diagnostics, ...versionContentDiagnostics(model, plan, options.previous ?? new Map(), options.outLabel ?? 'generated')]);
  if (hasErrors(diagnostics)) return { ...none, diagnostics };
  const outputs = new Map<string, FlowOutput>();
  return {
    files: generateArtifacts(plan, outputs, client),
    model,
    plan,
    diagnostics,
    cacheHits: fresh.size,
    cache: () => {
      const out: Record<string, CompileCacheEntry> = {};
      for (const [path, entry] of Object.entries(nextCache)) {
        const output = outputs.get(path);
        out[path] = output ? { ...entry, output } : entry;
      }
      return out;
    },
  };
}

/** The language of the clients in a generated/ tree: `js` when it holds a client.js, else `ts`. */
export function clientLanguageOf(tree: ReadonlyMap<string, string>): ClientLanguage {
  for (const path of tree.keys()) if (/^[^/]+\/flows\/[^/]+\/client\.js$/.test(path)) return 'js';
  return 'ts';
}

export function compile(sources: ReadonlyMap<string, string>, options: CompileOptions = {}): CompileResult {
  const result = compileStream(sources, options);
  return { files: result.files && new Map(result.files), model: result.model, diagnostics: result.diagnostics };
}

export interface BuiltModel {
  /** undefined when there are errors */
  readonly model: ProjectModel | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** definition files taken from the cache rather than parsed */
  readonly fresh: ReadonlySet<string>;
  /** the cache entries this build confirms or makes (without rendered output) */
  readonly nextCache: Record<string, CompileCacheEntry>;
}

/**
 * The first half of the compiler: definitions to the schema model, nothing
 * rendered. A file whose cache entry is still fresh (its text and its
 * imports' unchanged) is not parsed again: its model unit comes from the cache.
 */
export function buildModel(sources: ReadonlyMap<string, string>, cache: CompileCache = {}): BuiltModel {
  const paths = [...sources.keys()].filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'));
  // Every source's sha, script files' too: a definition's cache entry depends on the scripts it reads.
  const shas = new Map([...sources].map(([p, text]) => [p, sha256(text)]));
  // A cached unit is trusted no further than PostgreSQL's grammar: its SQL is checked again (cheap), and a
  // unit whose SQL fails is not used: the file is read again and reports what is wrong with it.
  const fresh = new Set(paths.filter((p) => isFresh(cache[p], shas.get(p)!, shas) && unitSqlProblem(cache[p]!.unit) === undefined));

  const loaded = loadDefinitions(sources, fresh);
  const units: ModelUnit[] = [];
  const nextCache: Record<string, CompileCacheEntry> = {};
  for (const path of fresh) {
    nextCache[path] = cache[path]!;
    if (cache[path]!.unit) units.push(cache[path]!.unit!);
  }
  for (const [path, file] of loaded.files) {
    const unit = file.definition ? readUnit(file.definition) : null;
    if (unit) units.push(unit);
    if (file.clean && !unit?.diagnostics.some((d) => d.severity === 'error'))
      nextCache[path] = { sha: shas.get(path)!, deps: Object.fromEntries([...file.deps].sort().map((d) => [d, shas.get(d)!])), unit };
  }
  const built = assembleModel(units);
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...built.diagnostics]);
  return { model: hasErrors(diagnostics) ? undefined : built.model, diagnostics, fresh, nextCache };
}
