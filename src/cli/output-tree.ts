import { readFileSync, realpathSync, rmdirSync, rmSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isLayoutDir, isLayoutPath, isOwnedPath } from '../artifacts/layout.ts';
import { sortTree } from './files.ts';

/*
 * Output ownership. flowschema writes only paths of its layout
 * (src/artifacts/layout.ts) and removes only those (and the temporary
 * siblings an interrupted write left). Before anything is written, an output
 * folder that is, holds or lies inside the definitions folder is refused, and
 * so is one that holds anything else (a file outside the layout, a link, a
 * folder that cannot hold layout paths): such a folder is not flowschema's,
 * and guessing which of its files may go is how definitions get deleted.
 */

/** How the output folder overlaps the definitions folder, links resolved; undefined when they are apart. */
export function overlapWithDefinitions(definitionsDir: string, outDir: string): 'is' | 'contains' | 'is inside' | undefined {
  const definitions = realPath(definitionsDir);
  const out = realPath(outDir);
  if (definitions === out) return 'is';
  if (isWithin(definitions, out)) return 'contains';
  if (isWithin(out, definitions)) return 'is inside';
  return undefined;
}

/** Files flowschema owns in the output folder, and everything else in it (`foreign: …` lines, paths relative to it). */
export function ownedFiles(outDir: string): { readonly owned: string[]; readonly foreign: string[] } {
  const { kept, others } = sortTree(outDir, isOwnedPath, isLayoutDir);
  const foreign = others.map((o) => (o.kind === 'folder' ? `${o.path}/` : o.kind === 'link' ? `${o.path} (a symbolic link)` : o.kind === 'other' ? `${o.path} (not a regular file)` : o.path));
  // A layout path alone is not enough (`app/vnext/Views/x.json` may be anyone's): a file is
  // flowschema's when its domain folder holds flowschema's manifest for that domain, and a flow's
  // files when that manifest lists the flow's schema.
  const claims = new Map<string, ((path: string) => boolean) | undefined>();
  const claimOf = (domain: string) => {
    if (!claims.has(domain)) claims.set(domain, manifestClaim(outDir, domain));
    return claims.get(domain);
  };
  const owned: string[] = [];
  for (const path of kept) {
    const claim = claimOf(path.split('/')[0]!);
    if (claim?.(path)) owned.push(path);
    else foreign.push(`${path} (no manifest of flowschema's claims it)`);
  }
  return { owned, foreign: foreign.sort() };
}

/** What `<domain>/manifest.json` claims, or undefined when it is not flowschema's manifest for `domain`. */
function manifestClaim(outDir: string, domain: string): ((path: string) => boolean) | undefined {
  let manifest: { domain?: unknown; schemas?: unknown };
  try {
    manifest = JSON.parse(readFileSync(join(outDir, domain, 'manifest.json'), 'utf8')) as typeof manifest;
  } catch {
    return undefined;
  }
  if (typeof manifest !== 'object' || manifest === null || manifest.domain !== domain) return undefined;
  // A manifest of the wrong shape is still the domain's: the compiler reports what is wrong with it (FS2007).
  const schemas = Array.isArray(manifest.schemas) ? new Set(manifest.schemas.map((s: { schema?: unknown }) => s?.schema)) : undefined;
  return (path) => {
    const [, area, schema] = path.split('/');
    return area !== 'flows' || schemas === undefined || schemas.has(schema);
  };
}

/** The real path of `path`, or of its nearest existing ancestor with the rest appended (an output folder may not exist yet). */
function realPath(path: string): string {
  const rest: string[] = [];
  let at = resolve(path);
  for (;;) {
    try {
      return join(realpathSync.native(at), ...rest.reverse());
    } catch {
      const parent = dirname(at);
      if (parent === at) return resolve(path);
      rest.push(basename(at));
      at = parent;
    }
  }
}

function isWithin(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

export interface SyncResult {
  readonly added: string[];
  readonly changed: string[];
  readonly removed: string[];
  unchanged: number;
}

/** How many writes may be in flight while the next files are generated. */
const WRITES_IN_FLIGHT = 16;

/**
 * Brings `root` in line with a stream of wanted files, one file at a time:
 * each is compared with what was read from disk (`existing`) and, unless
 * `dryRun`, written through a temporary sibling and a rename (a file is the
 * old or the new contents, never half). Writes run in the background while
 * the stream produces the next files, a bounded number at a time. Files of
 * `existing` that the stream did not produce are removed with their emptied
 * folders. Only layout paths are ever written or removed (see above): the
 * caller has refused a folder holding anything else.
 */
export async function syncTree(root: string, wanted: Iterable<[string, string]>, existing: ReadonlyMap<string, string>, dryRun: boolean): Promise<SyncResult> {
  const result: SyncResult = { added: [], changed: [], removed: [], unchanged: 0 };
  const produced = new Set<string>();
  const madeDirs = new Map<string, Promise<unknown>>();
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  for (const [rel, contents] of wanted) {
    if (!isLayoutPath(rel)) throw new Error(`internal error: the compiler produced '${rel}', which is not a path of flowschema's layout`);
    produced.add(rel);
    const current = existing.get(rel);
    if (current === contents) {
      result.unchanged++;
      continue;
    }
    (current === undefined ? result.added : result.changed).push(rel);
    if (dryRun) continue;
    const full = join(root, rel);
    const dir = dirname(full);
    let made = madeDirs.get(dir);
    if (!made) madeDirs.set(dir, (made = mkdir(dir, { recursive: true })));
    const tmp = `${full}.${process.pid}.tmp`;
    const write = made
      .then(() => writeFile(tmp, contents))
      .then(() => rename(tmp, full))
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(write));
    inFlight.add(write);
    if (inFlight.size >= WRITES_IN_FLIGHT) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure) throw failure;
  for (const rel of existing.keys()) if (!produced.has(rel) && isOwnedPath(rel)) result.removed.push(rel);
  result.added.sort();
  result.changed.sort();
  result.removed.sort();
  if (!dryRun) for (const rel of result.removed) removeWithEmptyParents(root, rel);
  return result;
}

function removeWithEmptyParents(root: string, rel: string): void {
  rmSync(join(root, rel), { force: true });
  let dir = dirname(join(root, rel));
  while (dir.startsWith(root) && dir !== root) {
    try {
      rmdirSync(dir);
    } catch {
      break;
    }
    dir = dirname(dir);
  }
}
