import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServerError } from '../errors.ts';
import { interrupted, onInterrupt } from '../interrupt.ts';
import { withDirLock } from './dir-lock.ts';
import { ensureRunning, prepareServerDir, readConfig, serverUrl } from './cluster.ts';
import { devServerPaths, type DevServerPaths } from './paths.ts';
import { postmasterRunning, readPostmasterPid, stopPostmaster } from './postmaster.ts';
import { processStartTime, sameProcess } from './process-info.ts';

/**
 * The project's embedded PostgreSQL (`.flowschema/pg/`): one server per
 * project, shared by every command running at the same time. A command
 * attaches (starting it when nothing runs) and leaves; the last one to leave
 * stops it, unless `db start` keeps it. Who uses it is a file per command
 * under `users/` naming its pid and start time, so a command killed with
 * kill -9 stops counting at once, and the server it left is found, used and
 * stopped by the next command.
 */
export interface DevServer {
  /** the superuser's URL to the `postgres` database */
  readonly url: string;
  readonly pid: number;
  readonly port: number;
  /** what was found and repaired on the way (a stale postmaster.pid, a server a killed command left) */
  readonly notes: readonly string[];
  /** Leaves the server; stops it when no other command uses it and `db start` does not keep it. */
  release(): Promise<void>;
}

export async function openDevServer(projectDir: string): Promise<DevServer> {
  const paths = devServerPaths(projectDir);
  let lease: string | undefined;
  let leaving: Promise<void> | undefined;
  // Once: the command's own release and a signal's cleanup share one leave, and the cleanup stays
  // registered until it is done (a signal in the middle waits for it rather than exiting under the lock).
  const leave = (): Promise<void> =>
    (leaving ??= (async () => {
      if (lease === undefined) return;
      await withDirLock(paths.lock, async () => {
        rmSync(lease!, { force: true });
        if (liveUsers(paths).length === 0 && !existsSync(paths.kept)) await stopIfRunning(paths);
      });
    })().finally(() => forgetInterrupt()));
  // A signal while the server is being started waits for it, then leaves (stopping what it started).
  let attaching: Promise<unknown> = Promise.resolve();
  const forgetInterrupt = onInterrupt(async () => {
    await attaching.catch(() => {});
    await leave();
  });
  const attach = serverErrors(async () => {
    await prepareServerDir(paths);
    return withDirLock(paths.lock, async () => {
      const notes: string[] = [];
      const others = liveUsers(paths);
      const running = await ensureRunning(paths, notes);
      if (!running.startedNow && others.length === 0 && !existsSync(paths.kept))
        notes.push(`using the project's PostgreSQL (pid ${running.pid}) that a command which did not end cleanly left running; it stops when this command ends`);
      lease = addUser(paths);
      return { running, notes };
    });
  });
  attaching = attach;
  const { running, notes } = await attach.catch((error: unknown) => {
    forgetInterrupt();
    throw error;
  });
  // Once a signal is ending the process, leaving is the signal cleanup's: the command's own error path
  // (its queries fail as the cleanups end them) must not stop the server under a cleanup still at work.
  const release = async (): Promise<void> => (interrupted() ? undefined : serverErrors(leave));
  return { url: serverUrl(running), pid: running.pid, port: running.port, notes, release };
}

/** `db start`: the server runs (started if it was not) and stays up after this process, until `db stop`. */
export async function keepDevServer(projectDir: string): Promise<{ url: string; pid: number; port: number; startedNow: boolean; notes: string[] }> {
  const paths = devServerPaths(projectDir);
  const starting = serverErrors(async () => {
    await prepareServerDir(paths);
    return withDirLock(paths.lock, async () => {
      const notes: string[] = [];
      const running = await ensureRunning(paths, notes);
      writeFileSync(paths.kept, `${new Date().toISOString()}\n`);
      return { url: serverUrl(running), pid: running.pid, port: running.port, startedNow: running.startedNow, notes };
    });
  });
  // Ctrl-C during db start: once the start is done, the server is not kept, and stops unless a command uses it.
  const forgetInterrupt = onInterrupt(async () => {
    await starting.catch(() => {});
    await withDirLock(paths.lock, async () => {
      rmSync(paths.kept, { force: true });
      if (liveUsers(paths).length === 0) await stopIfRunning(paths);
    });
  });
  try {
    return await starting;
  } finally {
    if (!interrupted()) forgetInterrupt();
  }
}

/**
 * `db stop`: no longer kept; stopped now when no command uses it, else by
 * the last of them when it ends (`users` names them).
 */
export async function stopDevServer(projectDir: string): Promise<{ stopped: boolean; wasRunning: boolean; users: number[] }> {
  const paths = devServerPaths(projectDir);
  if (!existsSync(paths.dir)) return { stopped: false, wasRunning: false, users: [] };
  return serverErrors(() =>
    withDirLock(paths.lock, async () => {
      rmSync(paths.kept, { force: true });
      const users = liveUsers(paths);
      const wasRunning = postmasterRunning(readPostmasterPid(paths.data), paths.data);
      if (users.length > 0 || !wasRunning) return { stopped: false, wasRunning, users };
      await stopIfRunning(paths);
      return { stopped: true, wasRunning, users };
    }),
  );
}

export interface DevServerStatus {
  readonly running: boolean;
  readonly pid?: number;
  readonly port?: number;
  /** the superuser's URL, when running */
  readonly url?: string;
  readonly kept: boolean;
  /** pids of the commands using it now */
  readonly users: number[];
  readonly dataDir: string;
  readonly logFile: string;
  /** true once a cluster was made */
  readonly initialised: boolean;
}

/** What runs, read without waiting for or changing anything. */
export function devServerStatus(projectDir: string): DevServerStatus {
  const paths = devServerPaths(projectDir);
  const state = readPostmasterPid(paths.data);
  const running = state !== undefined && postmasterRunning(state, paths.data) && state.status === 'ready';
  const config = readConfig(paths);
  const users = readUsers(paths)
    .filter((u) => u.live)
    .map((u) => u.pid);
  return {
    running,
    ...(running ? { pid: state!.pid, port: state!.port, ...(config ? { url: serverUrl({ port: state!.port, password: config.password }) } : {}) } : {}),
    kept: existsSync(paths.kept),
    users: [...new Set(users)].sort((a, b) => a - b),
    dataDir: paths.data,
    logFile: paths.log,
    initialised: existsSync(join(paths.data, 'PG_VERSION')),
  };
}

async function stopIfRunning(paths: DevServerPaths): Promise<void> {
  const state = readPostmasterPid(paths.data);
  if (state && postmasterRunning(state, paths.data)) await stopPostmaster(state.pid);
}

let leases = 0;

/** Records this process as a user; the file's path is its lease. */
function addUser(paths: DevServerPaths): string {
  if (existsSync(paths.users) && !statSync(paths.users).isDirectory()) rmSync(paths.users, { force: true }); // not ours to keep: the records' folder
  mkdirSync(paths.users, { recursive: true });
  const file = join(paths.users, `${process.pid}-${++leases}`);
  // Written whole, then renamed: a kill in between leaves a temporary name, never an empty record.
  writeFileSync(`${file}.tmp`, `${processStartTime(process.pid)}\n`);
  renameSync(`${file}.tmp`, file);
  return file;
}

/** Every entry of users/, with whether it is the record of a live command. Changes nothing. */
function readUsers(paths: DevServerPaths): Array<{ file: string; pid: number; live: boolean }> {
  let names: string[] = [];
  try {
    names = readdirSync(paths.users);
  } catch {
    return [];
  }
  return names.map((name) => {
    const file = join(paths.users, name);
    const pid = Number(name.split('-')[0]);
    // Not a record (a temporary file a kill left, or something else): never live.
    if (!/^\d+-\d+$/.test(name)) return { file, pid, live: false };
    let start = '';
    try {
      start = readFileSync(file, 'utf8').trim();
    } catch {
      // removed meanwhile, or not a file
    }
    return { file, pid, live: sameProcess(pid, start) };
  });
}

/** The pids of the commands using the server; every other entry of users/ is removed. */
function liveUsers(paths: DevServerPaths): number[] {
  const users = readUsers(paths);
  for (const user of users) if (!user.live) rmSync(user.file, { recursive: true, force: true });
  return users.filter((u) => u.live).map((u) => u.pid);
}

/** Whatever goes wrong with the project's server is one line (ServerError: exit 2), naming where. */
async function serverErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ServerError) throw error;
    throw new ServerError(`the project's embedded PostgreSQL (.flowschema/pg): ${(error as Error).message ?? String(error)}`, { cause: error });
  }
}
