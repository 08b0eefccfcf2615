import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ServerError } from './errors.ts';

/**
 * As root, the embedded PostgreSQL runs as the OS user `postgres`, which
 * must be able to enter every folder above its binaries and its data. The
 * first folder on the way it cannot enter (not its own, no execute bit for
 * others), or undefined. Checked before anything is spawned: initdb would
 * otherwise fail with a bare `spawn … EACCES`.
 */
export function folderPostgresCannotEnter(path: string): { dir: string; mode: string } | undefined {
  const uid = postgresUid();
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    if (existsSync(dir)) {
      const st = statSync(dir);
      if (st.uid !== uid && (st.mode & 0o001) === 0) return { dir, mode: (st.mode & 0o777).toString(8).padStart(4, '0') };
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function postgresUid(): number | undefined {
  return postgresUser()?.uid;
}

/** The OS user `postgres` (what root runs PostgreSQL as), from /etc/passwd. */
export function postgresUser(): { uid: number; gid: number } | undefined {
  try {
    const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
    if (line === undefined) return undefined;
    const [, , uid, gid] = line.split(':');
    return { uid: Number(uid), gid: Number(gid) };
  } catch {
    return undefined;
  }
}

/**
 * As root: throws one line (ServerError: exit 2) when the OS user postgres
 * cannot enter a folder on the way to `dataDir` or to `programs`, naming it
 * and what to do.
 */
export function assertPostgresCanReach(dataDir: string, programs: string): void {
  for (const [what, path] of [['its data', dataDir], ['its programs', programs]] as const) {
    const blocked = folderPostgresCannotEnter(path);
    if (blocked)
      throw new ServerError(
        `flowschema runs as root, so the embedded PostgreSQL runs as the OS user postgres, which cannot enter ${blocked.dir} (mode ${blocked.mode}) on the way to ${what}: ` +
          `work in a folder every user may enter (not a 0700 home folder or mktemp -d), or chmod o+x ${blocked.dir}, or set DATABASE_URL to a PostgreSQL server`,
      );
  }
}
