import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

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
  try {
    const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
    return line === undefined ? undefined : Number(line.split(':')[2]);
  } catch {
    return undefined;
  }
}
