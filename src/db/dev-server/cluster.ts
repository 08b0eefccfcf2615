import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadEmbeddedPostgres } from '../embedded.ts';
import { freePort } from '../free-port.ts';
import { assertPostgresCanReach, postgresUser } from '../postgres-reach.ts';
import { ServerError } from '../errors.ts';
import type { DevServerPaths } from './paths.ts';
import { postgresPrograms, postmasterRunning, readPostmasterPid, spawnPostmaster } from './postmaster.ts';

export const SUPERUSER = 'postgres';
/** The password clusters made before server.json existed were given. */
const LEGACY_PASSWORD = 'flowschema';

export interface ServerConfig {
  readonly port: number;
  readonly password: string;
}

export interface RunningServer {
  readonly pid: number;
  readonly port: number;
  readonly password: string;
  /** false when it was already running (started by `db start`, another command, or a command that was killed) */
  readonly startedNow: boolean;
}

export function serverUrl(server: { port: number; password: string }, database = 'postgres'): string {
  return `postgres://${SUPERUSER}:${encodeURIComponent(server.password)}@127.0.0.1:${server.port}/${encodeURIComponent(database)}`;
}

export function readConfig(paths: DevServerPaths): ServerConfig | undefined {
  try {
    const parsed = JSON.parse(readFileSync(paths.config, 'utf8')) as Partial<ServerConfig>;
    if (Number.isInteger(parsed.port) && typeof parsed.password === 'string' && parsed.password !== '') return { port: parsed.port!, password: parsed.password };
  } catch {
    // none yet, or unreadable: a new one is written
  }
  return undefined;
}

function writeConfig(paths: DevServerPaths, config: ServerConfig): void {
  writeFileSync(paths.config, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(paths.config, 0o600);
}

/**
 * The project's server, running: the one postmaster.pid names when it is
 * alive, else started (made first when there is no cluster yet). Call with
 * the project lock held. A postmaster.pid left by a killed server (its pid
 * dead or now another program) is removed, and said in `notes`.
 */
export async function ensureRunning(paths: DevServerPaths, notes: string[]): Promise<RunningServer> {
  let state = readPostmasterPid(paths.data);
  if (state && !postmasterRunning(state)) {
    notes.push(`removed a stale ${paths.data}/postmaster.pid: pid ${state.pid} is no longer PostgreSQL (the server was killed)`);
    rmSync(`${paths.data}/postmaster.pid`, { force: true });
    state = undefined;
  }
  if (state) {
    const deadline = Date.now() + 60_000;
    while (state && postmasterRunning(state) && state.status !== 'ready' && Date.now() < deadline) {
      await sleep(50);
      state = readPostmasterPid(paths.data);
    }
    if (state && postmasterRunning(state) && state.status === 'ready') {
      const config = readConfig(paths) ?? (await adoptLegacy(paths, state.port));
      return { pid: state.pid, port: state.port, password: config.password, startedNow: false };
    }
    const stuck = readPostmasterPid(paths.data);
    if (stuck && postmasterRunning(stuck)) throw new ServerError(`the project's PostgreSQL (pid ${stuck.pid}) has been ${stuck.status || 'starting'} for 60 s: see ${paths.log}`);
  }
  let config = readConfig(paths);
  if (!existsSync(`${paths.data}/PG_VERSION`)) {
    config = { port: await portFor(config), password: randomBytes(18).toString('base64url') };
    await initCluster(paths, config.password);
    writeConfig(paths, config);
  }
  const port = await portFor(config);
  const pid = await spawnPostmaster({ dataDir: paths.data, port, logFile: paths.log, user: rootRunsAs() }).catch((error: Error) => {
    throw new ServerError(`the project's embedded PostgreSQL did not start: ${error.message}`);
  });
  if (!config) config = await adoptLegacy(paths, port);
  else if (config.port !== port) writeConfig(paths, (config = { ...config, port }));
  return { pid, port, password: config.password, startedNow: true };
}

/**
 * A cluster made before server.json existed has the fixed password every
 * such project shares: it is replaced by a password of its own, recorded
 * in server.json.
 */
async function adoptLegacy(paths: DevServerPaths, port: number): Promise<ServerConfig> {
  const { default: pg } = await import('pg');
  const config = { port, password: randomBytes(18).toString('base64url') };
  const client = new pg.Client({ connectionString: serverUrl({ port, password: LEGACY_PASSWORD }) });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query(`ALTER ROLE ${SUPERUSER} PASSWORD '${config.password}'`);
  } catch (error) {
    throw new ServerError(`the project's PostgreSQL on port ${port} does not accept flowschema's password and ${paths.config} is missing: stop it (kill the pid in ${paths.data}/postmaster.pid) or remove ${paths.dir} to start afresh (${(error as Error).message})`);
  } finally {
    await client.end().catch(() => {});
  }
  writeConfig(paths, config);
  return config;
}

/** The recorded port when nothing else listens on it (an app keeps its URL), else a free one. */
async function portFor(config: ServerConfig | undefined): Promise<number> {
  if (config && (await portIsFree(config.port))) return config.port;
  return freePort();
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function initCluster(paths: DevServerPaths, password: string): Promise<void> {
  rmSync(paths.data, { recursive: true, force: true }); // a half-made cluster from an interrupted initdb
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const logs: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: paths.data,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => logs.push(message),
    onError: (error) => logs.push(String(error)),
  });
  try {
    await pg.initialise();
  } catch (error) {
    throw new ServerError(`initdb failed for ${paths.data}: ${String((error as Error).message ?? error).split('\n')[0]}`);
  }
}

/**
 * The server's folder, made. As root, PostgreSQL runs as the OS user postgres, which must be able to
 * enter every folder above its data and its programs: checked before
 * anything is spawned (initdb would fail with a bare `spawn … EACCES`).
 * `.flowschema/` is flowschema's own and is opened for traversal; any other
 * folder is the user's to open, and the message says which and how.
 */
export async function prepareServerDir(paths: DevServerPaths): Promise<void> {
  const root = process.getuid?.() === 0;
  if (root) {
    openOwnFolders(paths);
    assertPostgresCanReach(paths.dir, (await postgresPrograms()).folder);
  }
  mkdirSync(paths.dir, { recursive: true });
  if (root) openOwnFolders(paths); // made just now, under whatever umask
}

/** `.flowschema/` and `.flowschema/pg/` are flowschema's: opened for traversal (not for reading) to the postgres user. */
function openOwnFolders(paths: DevServerPaths): void {
  for (const dir of [dirname(paths.dir), paths.dir]) if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) chmodSync(dir, statSync(dir).mode | 0o011);
}

function rootRunsAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const user = postgresUser();
  if (!user) throw new ServerError('flowschema runs as root, and there is no OS user postgres to run PostgreSQL as: create one (useradd postgres) or set DATABASE_URL');
  return user;
}
