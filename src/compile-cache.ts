import type { ManifestSchema } from './artifacts/index.ts';
import type { ModelUnit } from './model/index.ts';

/**
 * What one compile learned about each definition file, for the next: the
 * model unit the file gave, keyed by the sha256 of the file and of every
 * definition file it imported, and for a flow, what its generated files were
 * (the manifest entry and the snapshot's sha256). A file whose key still
 * matches is neither parsed nor read into the model again, and a flow whose
 * history is exactly what the last compile left is neither diffed nor
 * rendered again: the cost of a compile follows the files that changed.
 * Only clean files are kept. Plain JSON; the CLI stores it in
 * .flowschema/cache/compile.json.
 */
export interface CompileCacheEntry {
  readonly sha: string;
  readonly deps: Readonly<Record<string, string>>;
  /** null for a file of shared values */
  readonly unit: ModelUnit | null;
  readonly output?: { readonly entry: ManifestSchema; readonly snapshotSha: string; readonly clientSha: string; readonly dataSchemaSha: string; readonly componentSha: string };
}

export type CompileCache = Readonly<Record<string, CompileCacheEntry>>;

/** Bump when loading, modelling or generating changes what a file produces. */
export const COMPILE_CACHE_VERSION = 9;

export function isFresh(entry: CompileCacheEntry | undefined, sha: string, shas: ReadonlyMap<string, string>): entry is CompileCacheEntry {
  if (!entry || entry.sha !== sha) return false;
  for (const [path, depSha] of Object.entries(entry.deps)) if (shas.get(path) !== depSha) return false;
  return true;
}
