import { spawnSync } from 'node:child_process';

/**
 * Whether pg_dump on this machine is of the server's major version (pg_dump
 * refuses a newer server, and an older one prints another dialect): the
 * drift corpus's oracle and bench:drift's peer run only then.
 */
export function pgDumpMatchesServer(url: string): boolean {
  const version = spawnSync('pg_dump', ['--version'], { encoding: 'utf8' });
  const server = spawnSync('psql', ['-X', '-At', '-d', url, '-c', 'SHOW server_version_num'], { encoding: 'utf8' });
  return version.status === 0 && server.status === 0 && /(\d+)\.\d+/.exec(version.stdout)?.[1] === server.stdout.trim().slice(0, -4);
}

/** A fix script (drift --fix-sql) for one domain without its \connect line: to run on a connection to that database. */
export function withoutConnect(script: string): string {
  return script
    .split('\n')
    .filter((line) => !line.startsWith('\\connect'))
    .join('\n');
}
