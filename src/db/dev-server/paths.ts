import { realpathSync } from 'node:fs';
import { join } from 'node:path';

/** Where the project's embedded PostgreSQL keeps everything: `<project>/.flowschema/pg/`. */
export interface DevServerPaths {
  readonly dir: string;
  /** the cluster (PostgreSQL's data folder) */
  readonly data: string;
  /** port and superuser password (JSON, 0600) */
  readonly config: string;
  readonly log: string;
  /** held while a command starts, attaches to, leaves or stops the server */
  readonly lock: string;
  /** one file per command using the server: `<pid>-<n>` holding the process's start time */
  readonly users: string;
  /** present while `db start` keeps the server running */
  readonly kept: string;
}

export function devServerPaths(projectDir: string): DevServerPaths {
  // One name per project however it is reached (a symbolic link to it is the same project, and the same server).
  let root = projectDir;
  try {
    root = realpathSync(projectDir);
  } catch {
    // not there yet
  }
  const dir = join(root, '.flowschema', 'pg');
  return { dir, data: join(dir, 'data'), config: join(dir, 'server.json'), log: join(dir, 'server.log'), lock: join(dir, 'lock'), users: join(dir, 'users'), kept: join(dir, 'kept') };
}
