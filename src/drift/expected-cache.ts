import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Bump when what a fingerprint holds changes: old entries then never match. */
export const DRIFT_CACHE_VERSION = 1;
/** Entries kept across runs: the ones this run used first, then others up to this many. */
const LIMIT = 2000;

/**
 * Expected fingerprints kept across runs. A key names everything an
 * expected build depends on (the migration statements with the schema name
 * taken out, the runtime's system migrations, the domain's roles, the
 * server's version), so a hit is exactly what building would have produced.
 * A missing, unreadable or foreign file is an empty cache: the cost is a
 * build, never a wrong answer.
 */
export class ExpectedCache {
  private readonly entries: Map<string, string>;
  private readonly used = new Set<string>();
  private changed = false;

  private constructor(private readonly file: string | undefined, entries: Map<string, string>) {
    this.entries = entries;
  }

  static load(file: string | undefined): ExpectedCache {
    if (file === undefined) return new ExpectedCache(undefined, new Map());
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { version?: number; prints?: Record<string, string> };
      if (data.version !== DRIFT_CACHE_VERSION || typeof data.prints !== 'object' || data.prints === null) return new ExpectedCache(file, new Map());
      return new ExpectedCache(file, new Map(Object.entries(data.prints).filter(([, v]) => typeof v === 'string')));
    } catch {
      return new ExpectedCache(file, new Map());
    }
  }

  get(key: string): string | undefined {
    const print = this.entries.get(key);
    if (print !== undefined) this.used.add(key);
    return print;
  }

  set(key: string, print: string): void {
    this.entries.set(key, print);
    this.used.add(key);
    this.changed = true;
  }

  /** Written whole to a temporary file, then renamed: a reader never sees half a cache. */
  save(): void {
    if (this.file === undefined || !this.changed) return;
    const keys = [...this.used, ...[...this.entries.keys()].filter((k) => !this.used.has(k))].slice(0, LIMIT);
    const prints: Record<string, string> = {};
    for (const k of keys.sort()) prints[k] = this.entries.get(k)!;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ version: DRIFT_CACHE_VERSION, prints }));
      renameSync(tmp, this.file);
    } catch {
      // A cache that cannot be written costs a build next run, nothing else.
    }
  }
}
