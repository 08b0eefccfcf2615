import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** True when a process with this pid exists (and may be signalled by us, or exists but is another user's). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * When the process started, in clock ticks since boot (/proc/<pid>/stat,
 * field 22), or '' where /proc is not there. A pid and its start time name
 * one process: a pid reused by another program after a kill does not match.
 */
export function processStartTime(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

/** True when `pid` is running and was started at `startTime` (any start time where /proc is not there). */
export function sameProcess(pid: number, startTime: string): boolean {
  if (!processAlive(pid)) return false;
  const now = processStartTime(pid);
  return now === '' || startTime === '' || now === startTime;
}

/**
 * True when `pid` is a PostgreSQL server process (its program is named
 * `postgres`). Where /proc is not there, any live process counts.
 */
export function isPostgresProcess(pid: number): boolean {
  if (!processAlive(pid)) return false;
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return true;
  }
  return basename(cmdline.split('\0')[0] ?? '').startsWith('postgres');
}
