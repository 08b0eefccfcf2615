import { readFileSync, realpathSync } from 'node:fs';
import { basename, resolve } from 'node:path';

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

/**
 * True when `pid` is running and was started at `startTime`. Where /proc is
 * there, a record without a start time (cut short by a kill) names no one.
 */
export function sameProcess(pid: number, startTime: string): boolean {
  if (!processAlive(pid)) return false;
  const now = processStartTime(pid);
  return now === '' || now === startTime;
}

/**
 * True when `pid` is the PostgreSQL server of `dataDir`: a program named
 * `postgres` started with `-D <dataDir>` (a pid reused by another program,
 * or by another project's server, is not). Where /proc is not there, any
 * live process counts.
 */
export function isPostmasterOf(pid: number, dataDir: string): boolean {
  if (!processAlive(pid)) return false;
  let args: string[];
  try {
    args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return true;
  }
  const at = args.indexOf('-D');
  return basename(args[0] ?? '').startsWith('postgres') && at > 0 && samePath(args[at + 1] ?? '', dataDir);
}

/** The same folder however it is named (a symbolic link, a relative path). */
function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
}
