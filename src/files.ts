import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { NOT_UTF8_SCRIPT, SCRIPT_EXTENSION } from './loader/values.ts';

/** Reading folders of files, for the CLI and the library modules that read a project (import). */

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
 * A definitions folder as compile reads it: the .ts files, and the .csx
 * scripts by their bytes (one that is not UTF-8 is marked NOT_UTF8_SCRIPT,
 * which script() refuses), keyed `<prefix>/<relative path>`.
 */
export function readDefinitionSources(root: string, prefix: string): Map<string, string> {
  const sources = new Map<string, string>();
  for (const [rel, text] of readTree(root, (p) => p.endsWith('.ts'))) sources.set(`${prefix}/${rel}`, text);
  for (const rel of listFiles(root, (p) => p.endsWith(SCRIPT_EXTENSION))) {
    const bytes = readFileSync(join(root, rel));
    const text = bytes.toString('utf8');
    sources.set(`${prefix}/${rel}`, Buffer.from(text, 'utf8').equals(bytes) ? text : NOT_UTF8_SCRIPT);
  }
  return sources;
}
