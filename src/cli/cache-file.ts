import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPILE_CACHE_VERSION, type CompileCache } from '../compile-cache.ts';
import { DRIFT_CACHE_VERSION } from '../drift/cache-version.ts';
import { VERIFY_CACHE_VERSION } from '../verify/cache-version.ts';

/**
 * The caches live in `<project>/.flowschema/cache/` (git-ignored):
 * `compile.json` (what one compile keeps for the next), `drift.json`
 * (expected fingerprints by build key) and `verify.json` (the keys of the
 * flow chains compile --verify passed). A missing, unreadable, foreign or
 * older-format file is an empty cache: a cache only ever saves work, it
 * never changes a result. FLOWSCHEMA_NO_CACHE=1 turns them off.
 */
export function cachePath(projectRoot: string): string {
  return join(projectRoot, '.flowschema', 'cache', 'compile.json');
}

export function driftCachePath(projectRoot: string): string {
  return join(projectRoot, '.flowschema', 'cache', 'drift.json');
}

export function verifyCachePath(projectRoot: string): string {
  return join(projectRoot, '.flowschema', 'cache', 'verify.json');
}

const disabled = () => process.env.FLOWSCHEMA_NO_CACHE === '1';

export function readCompileCache(projectRoot: string): CompileCache {
  if (disabled()) return {};
  try {
    const data = JSON.parse(readFileSync(cachePath(projectRoot), 'utf8')) as { version?: number; templates?: string; entries?: CompileCache };
    return data.version === COMPILE_CACHE_VERSION && data.templates === templatesFingerprint() && data.entries ? data.entries : {};
  } catch {
    return {};
  }
}

export function writeCompileCache(projectRoot: string, entries: CompileCache, previous: CompileCache): void {
  if (disabled()) return;
  const keys = Object.keys(entries);
  if (keys.length === Object.keys(previous).length && keys.every((k) => previous[k] === entries[k])) return;
  writeCache(cachePath(projectRoot), { version: COMPILE_CACHE_VERSION, templates: templatesFingerprint(), entries });
}

let templates: string | undefined;

/**
 * The templates the cached output was rendered with: a changed template (a
 * new flowschema, or one being developed) makes every cached entry stale,
 * so no client or migration is passed through from an older rendering.
 */
function templatesFingerprint(): string {
  if (templates !== undefined) return templates;
  const root = templatesDir();
  const hash = createHash('sha256');
  for (const dir of ['sql', 'ts'])
    for (const name of readdirSync(join(root, dir)).sort()) hash.update(`${dir}/${name}\0`).update(readFileSync(join(root, dir, name))).update('\0');
  return (templates = hash.digest('hex'));
}

/** Entries kept in drift.json: the newest this many (a check only ever adds entries). */
export const DRIFT_CACHE_LIMIT = 2000;

export function readDriftCache(projectRoot: string): Map<string, string> {
  if (disabled()) return new Map();
  try {
    const data = JSON.parse(readFileSync(driftCachePath(projectRoot), 'utf8')) as { version?: number; prints?: Record<string, unknown> };
    if (data.version !== DRIFT_CACHE_VERSION || typeof data.prints !== 'object' || data.prints === null) return new Map();
    return new Map(Object.entries(data.prints).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return new Map();
  }
}

/** Writes `prints` when a check added to it (`sizeBefore`: its size when read). */
export function writeDriftCache(projectRoot: string, prints: ReadonlyMap<string, string>, sizeBefore: number): void {
  if (disabled() || prints.size === sizeBefore) return;
  writeCache(driftCachePath(projectRoot), { version: DRIFT_CACHE_VERSION, prints: Object.fromEntries([...prints].slice(-DRIFT_CACHE_LIMIT)) });
}

/** Keys kept in verify.json: the newest this many. */
export const VERIFY_CACHE_LIMIT = 2000;

/**
 * What compile --verify proved before: the keys of the flows that passed
 * (each names the server version it was verified on), and the version the
 * server called `server` (DATABASE_URL's host and port, or the embedded
 * one) had when last seen, so a run whose every key is known needs no server.
 */
export interface VerifyCacheFile {
  serverVersion?: string;
  readonly verified: Set<string>;
}

export function readVerifyCache(projectRoot: string, server: string): VerifyCacheFile & { readonly sizeBefore: number } {
  const empty = { verified: new Set<string>(), sizeBefore: 0 };
  if (disabled()) return empty;
  try {
    const data = JSON.parse(readFileSync(verifyCachePath(projectRoot), 'utf8')) as { version?: number; servers?: Record<string, unknown>; verified?: unknown };
    if (data.version !== VERIFY_CACHE_VERSION || !Array.isArray(data.verified)) return empty;
    const verified = new Set(data.verified.filter((k): k is string => typeof k === 'string'));
    const version = typeof data.servers === 'object' && data.servers !== null ? data.servers[server] : undefined;
    return { verified, sizeBefore: verified.size, ...(typeof version === 'string' && { serverVersion: version }) };
  } catch {
    return empty;
  }
}

/** Writes the verify cache when a run added keys or learned the server's version. */
export function writeVerifyCache(projectRoot: string, server: string, cache: VerifyCacheFile, before: { sizeBefore: number; serverVersion?: string }): void {
  if (disabled() || (cache.verified.size === before.sizeBefore && cache.serverVersion === before.serverVersion)) return;
  let servers: Record<string, unknown> = {};
  try {
    const data = JSON.parse(readFileSync(verifyCachePath(projectRoot), 'utf8')) as { version?: number; servers?: Record<string, unknown> };
    if (data.version === VERIFY_CACHE_VERSION && typeof data.servers === 'object' && data.servers !== null) servers = data.servers;
  } catch {
    // a missing or foreign file: start afresh
  }
  if (cache.serverVersion !== undefined) servers = { ...servers, [server]: cache.serverVersion };
  writeCache(verifyCachePath(projectRoot), { version: VERIFY_CACHE_VERSION, servers, verified: [...cache.verified].slice(-VERIFY_CACHE_LIMIT) });
}

/** Whole to a temporary sibling, then renamed: a reader never sees half a cache. */
function writeCache(path: string, data: unknown): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, path);
  } catch {
    // A cache that cannot be written costs time next run, nothing else.
  }
}

/** templates/, found upward from this module (the sources or the CLI's bundle), without loading the renderer. */
function templatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'templates', 'sql', 'migration.hbs'))) return join(dir, 'templates');
    const parent = dirname(dir);
    if (parent === dir) return join(dir, 'templates');
    dir = parent;
  }
}
