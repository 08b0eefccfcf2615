import { rmdirSync, rmSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

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
 * the stream produces the next files, a bounded number at a time. Files under
 * `root` that the stream did not produce are removed with their emptied folders.
 */
export async function syncTree(root: string, wanted: Iterable<[string, string]>, existing: ReadonlyMap<string, string>, dryRun: boolean): Promise<SyncResult> {
  const result: SyncResult = { added: [], changed: [], removed: [], unchanged: 0 };
  const produced = new Set<string>();
  const madeDirs = new Map<string, Promise<unknown>>();
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  for (const [rel, contents] of wanted) {
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
  for (const rel of existing.keys()) if (!produced.has(rel)) result.removed.push(rel);
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
