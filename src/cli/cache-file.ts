import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { COMPILE_CACHE_VERSION, type CompileCache } from '../compile-cache.ts';

/**
 * The compile cache lives in `<project>/.flowschema/cache/compile.json`
 * (git-ignored). A missing, unreadable or older-format file is an empty
 * cache: the cache only ever saves work, it never changes a result.
 * FLOWSCHEMA_NO_CACHE=1 turns it off.
 */
export function cachePath(projectRoot: string): string {
  return join(projectRoot, '.flowschema', 'cache', 'compile.json');
}

/** Where `drift` keeps expected fingerprints across runs (see src/drift/expected-cache.ts). */
export function driftCachePath(projectRoot: string): string {
  return join(projectRoot, '.flowschema', 'cache', 'drift.json');
}

export function readCompileCache(projectRoot: string): CompileCache {
  if (process.env.FLOWSCHEMA_NO_CACHE === '1') return {};
  try {
    const data = JSON.parse(readFileSync(cachePath(projectRoot), 'utf8')) as { version?: number; entries?: CompileCache };
    return data.version === COMPILE_CACHE_VERSION && data.entries ? data.entries : {};
  } catch {
    return {};
  }
}

export function writeCompileCache(projectRoot: string, entries: CompileCache, previous: CompileCache): void {
  if (process.env.FLOWSCHEMA_NO_CACHE === '1') return;
  const keys = Object.keys(entries);
  if (keys.length === Object.keys(previous).length && keys.every((k) => previous[k] === entries[k])) return;
  try {
    const path = cachePath(projectRoot);
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: COMPILE_CACHE_VERSION, entries }));
    renameSync(tmp, path);
  } catch {
    // A cache that cannot be written costs time next run, nothing else.
  }
}
