import { mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** Every file under `root` (relative posix paths), skipping dot-files and node_modules. */
export function listFiles(root: string, accept: (path: string) => boolean = () => true): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const rel = relative(root, full).split(sep).join('/');
        if (accept(rel)) out.push(rel);
      }
    }
  };
  walk(root);
  return out.sort();
}

export function readTree(root: string, accept?: (path: string) => boolean): Map<string, string> {
  const files = new Map<string, string>();
  for (const rel of listFiles(root, accept)) files.set(rel, readFileSync(join(root, rel), 'utf8'));
  return files;
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Writes each file through a temporary sibling and a rename, so a file is
 * either the old or the new contents, never half of one. Removed files take
 * their emptied folders with them.
 */
export function applyTree(root: string, writes: ReadonlyMap<string, string>, removals: readonly string[]): void {
  for (const [rel, contents] of writes) {
    const full = join(root, rel);
    mkdirSync(dirname(full), { recursive: true });
    const tmp = `${full}.${process.pid}.tmp`;
    writeFileSync(tmp, contents);
    renameSync(tmp, full);
  }
  for (const rel of removals) {
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
}
