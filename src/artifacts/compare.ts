import type { FileMap } from './build.ts';

export interface OutputDiff {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  /** files under generated/ that the definitions no longer produce */
  readonly removed: readonly string[];
  readonly unchanged: number;
}

/** What must change on disk to make `existing` equal `wanted`. */
export function compareOutput(wanted: ReadonlyMap<string, string>, existing: ReadonlyMap<string, string>): OutputDiff {
  const added: string[] = [];
  const changed: string[] = [];
  let unchanged = 0;
  for (const [path, contents] of wanted) {
    const current = existing.get(path);
    if (current === undefined) added.push(path);
    else if (current !== contents) changed.push(path);
    else unchanged++;
  }
  const removed = [...existing.keys()].filter((p) => !wanted.has(p));
  return { added: added.sort(), changed: changed.sort(), removed: removed.sort(), unchanged };
}

export function isClean(diff: OutputDiff): boolean {
  return diff.added.length === 0 && diff.changed.length === 0 && diff.removed.length === 0;
}

export type { FileMap };
