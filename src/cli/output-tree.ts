import { mkdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface SyncResult {
  readonly added: string[];
  readonly changed: string[];
  readonly removed: string[];
  unchanged: number;
}

/**
 * Brings `root` in line with a stream of wanted files, one file at a time:
 * each is compared with what was read from disk (`existing`) and, unless `dryRun`, written
 * through a temporary sibling and a rename (a file is the old or the new
 * contents, never half). Files under `root` that the stream did not produce
 * are removed with their emptied folders.
 */
export function syncTree(root: string, wanted: Iterable<[string, string]>, existing: ReadonlyMap<string, string>, dryRun: boolean): SyncResult {
  const result: SyncResult = { added: [], changed: [], removed: [], unchanged: 0 };
  const produced = new Set<string>();
  const madeDirs = new Set<string>();
  for (const [rel, contents] of wanted) {
    produced.add(rel);
    const full = join(root, rel);
    const current = existing.get(rel);
    if (current === contents) {
      result.unchanged++;
      continue;
    }
    (current === undefined ? result.added : result.changed).push(rel);
    if (dryRun) continue;
    const dir = dirname(full);
    if (!madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      madeDirs.add(dir);
    }
    const tmp = `${full}.${process.pid}.tmp`;
    writeFileSync(tmp, contents);
    renameSync(tmp, full);
  }
  for (const rel of existing.keys()) if (!produced.has(rel)) result.removed.push(rel);
  result.removed.sort();
  result.added.sort();
  result.changed.sort();
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
