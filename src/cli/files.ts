import { readdirSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';

export { isDirectory, listFiles, readTree } from '../files.ts';
import { isDirectory, listFiles } from '../files.ts';

/** What `sortTree` found: the files it keeps, and every other entry. */
export interface SortedTree {
  /** relative posix paths */
  readonly kept: string[];
  /** relative posix paths, sorted; `folder` for a folder not entered that holds something */
  readonly others: { readonly path: string; readonly kind: 'file' | 'folder' | 'link' | 'other' }[];
}

/**
 * Sorts the entries under `root` into the files `keep` accepts and all
 * others, skipping dot-files. Links are never followed (a link is reported as
 * one, whatever it points to), and a folder `enter` rejects is reported as a
 * whole, not walked, unless it is empty.
 */
export function sortTree(root: string, keep: (path: string) => boolean, enter: (path: string) => boolean): SortedTree {
  const kept: string[] = [];
  const others: SortedTree['others'][number][] = [];
  const entries = (dir: string): Dirent[] => {
    try {
      return readdirSync(dir, { withFileTypes: true }).filter((e) => !e.name.startsWith('.'));
    } catch {
      return [];
    }
  };
  const walk = (dir: string, prefix: string) => {
    for (const entry of entries(dir)) {
      const rel = `${prefix}${entry.name}`;
      const full = join(dir, entry.name);
      if (entry.isSymbolicLink()) others.push({ path: rel, kind: 'link' });
      else if (entry.isDirectory()) {
        if (enter(rel)) walk(full, `${rel}/`);
        else if (entries(full).length > 0) others.push({ path: rel, kind: 'folder' });
      } else if (!entry.isFile()) others.push({ path: rel, kind: 'other' });
      else if (keep(rel)) kept.push(rel);
      else others.push({ path: rel, kind: 'file' });
    }
  };
  walk(root, '');
  kept.sort();
  others.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { kept, others };
}
