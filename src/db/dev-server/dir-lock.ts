import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { processStartTime, sameProcess } from './process-info.ts';

/** How long a command waits for another one to finish starting or stopping the project's server. */
const LOCK_WAIT_MS = 120_000;

/**
 * Runs `work` holding `<lockDir>`: a folder made whole (owner file inside)
 * under a temporary name, then renamed into place, which succeeds for one
 * process only. Held for the short decisions (start, attach, detach, stop),
 * never for a command's whole run. A lock whose owner is gone (kill -9) is
 * taken over: renamed aside first, so two processes cannot both remove it.
 */
export async function withDirLock<T>(lockDir: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  const mine = `${lockDir}.${process.pid}.tmp`;
  rmSync(mine, { recursive: true, force: true });
  mkdirSync(mine, { recursive: true });
  writeFileSync(`${mine}/owner`, `${process.pid} ${processStartTime(process.pid)}\n`);
  for (;;) {
    try {
      renameSync(mine, lockDir);
      break;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    }
    const owner = readOwner(lockDir);
    if (owner && !sameProcess(owner.pid, owner.start)) {
      takeOverStale(lockDir, owner.raw);
      continue;
    }
    if (Date.now() > deadline) {
      rmSync(mine, { recursive: true, force: true });
      throw new Error(`another flowschema command (pid ${owner?.pid ?? '?'}) has held ${lockDir} for over ${LOCK_WAIT_MS / 1000} s: wait for it, or stop it`);
    }
    await sleep(50);
  }
  try {
    return await work();
  } finally {
    // Renamed away first: removing it in place would leave an empty folder for a moment, which another
    // process's rename could replace, and then fail to remove that process's lock.
    const released = `${lockDir}.${process.pid}.released`;
    renameSync(lockDir, released);
    rmSync(released, { recursive: true, force: true });
  }
}

function readOwner(lockDir: string): { pid: number; start: string; raw: string } | undefined {
  try {
    const raw = readFileSync(`${lockDir}/owner`, 'utf8');
    const [pid, start] = raw.trim().split(' ');
    return { pid: Number(pid), start: start ?? '', raw };
  } catch {
    return undefined; // released meanwhile, or being made
  }
}

/** Moves a dead owner's lock aside and removes it; puts it back if, meanwhile, it became a live owner's. */
function takeOverStale(lockDir: string, staleOwner: string): void {
  const aside = `${lockDir}.${process.pid}.stale`;
  try {
    renameSync(lockDir, aside);
  } catch {
    return; // someone else moved it first
  }
  let owner = '';
  try {
    owner = readFileSync(`${aside}/owner`, 'utf8');
  } catch {
    // empty
  }
  if (owner === staleOwner) rmSync(aside, { recursive: true, force: true });
  else
    try {
      renameSync(aside, lockDir);
    } catch {
      rmSync(aside, { recursive: true, force: true });
    }
}
