import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { childHasTerminal, devServerStatus, domainDatabases, existingRolePassword, keepDevServer, openDevServer, resetDomainDatabases, roleUrl, stopDevServer, type RoleKind } from '../db/index.ts';
import { databaseNameOf, rolesOf } from '../model/index.ts';
import { EXIT } from './exit-codes.ts';
import { domainNameError, projectRootOf, readManifests, secretsDirOf } from './project-server.ts';

import type { DbAction } from './db-actions.ts';

export interface DbOptions {
  readonly definitions: string;
  readonly out: string;
  readonly action: DbAction;
  readonly domain?: string | undefined;
  readonly role?: RoleKind | undefined;
  readonly json: boolean;
  readonly force: boolean;
  /** what follows `--` (psql's own arguments) */
  readonly rest: readonly string[];
}

/**
 * `flowschema db …`: the project's embedded PostgreSQL, the one every other
 * command uses when DATABASE_URL is not set. These commands always mean
 * that server; with DATABASE_URL set they say so.
 */
export async function runDb(options: DbOptions): Promise<number> {
  const root = projectRootOf(options.definitions);
  if (options.role !== undefined && options.domain === undefined) {
    process.stderr.write('flowschema: --role needs --domain: a role logs in to its domain\'s database (flowschema db url --domain shop --role init)\n');
    return EXIT.usage;
  }
  const problem = options.domain === undefined ? undefined : domainNameError(options.domain);
  if (problem) {
    process.stderr.write(`${problem}\n`);
    return EXIT.usage;
  }
  if (process.env.DATABASE_URL && options.action !== 'status')
    process.stderr.write('flowschema: note: DATABASE_URL is set, so the other commands use that server, not the embedded one this command manages\n');
  switch (options.action) {
    case 'start': {
      const server = await keepDevServer(root);
      printNotes(server.notes);
      process.stdout.write(`PostgreSQL ${server.startedNow ? 'started' : 'is running'} on 127.0.0.1:${server.port} (pid ${server.pid}); it stays up until flowschema db stop\nflowschema db url prints its URL; every flowschema command of this project now uses it\n`);
      return EXIT.ok;
    }
    case 'stop': {
      const result = await stopDevServer(root);
      if (result.stopped) process.stdout.write('PostgreSQL stopped\n');
      else if (result.users.length) process.stdout.write(`PostgreSQL is no longer kept; it stops when the command(s) using it end (pid ${result.users.join(', ')})\n`);
      else process.stdout.write('PostgreSQL was not running\n');
      return EXIT.ok;
    }
    case 'status': {
      const status = devServerStatus(root);
      if (options.json) process.stdout.write(`${JSON.stringify({ ...status, url: status.url === undefined ? undefined : '(flowschema db url)' }, null, 2)}\n`);
      else if (status.running)
        process.stdout.write(`running on 127.0.0.1:${status.port} (pid ${status.pid}), ${status.kept ? 'kept by db start' : 'stops when its last command ends'}; in use by ${status.users.length} command(s)\ndata: ${status.dataDir}\nlog: ${status.logFile}\n`);
      else process.stdout.write(`not running${status.initialised ? ` (data: ${status.dataDir})` : ' (no cluster yet: the first command makes one)'}\n`);
      return status.running ? EXIT.ok : EXIT.problems;
    }
    case 'url': {
      const status = devServerStatus(root);
      if (!status.running || status.url === undefined) return notRunning();
      const url = options.domain === undefined ? status.url : domainUrl(root, status.url, options.domain, options.role ?? 'orchestration');
      if (url === undefined) return EXIT.usage;
      process.stdout.write(`${url}\n`);
      return EXIT.ok;
    }
    case 'psql':
      return runPsql(root, options);
    case 'reset':
      return runReset(root, options);
  }
}

function notRunning(): number {
  process.stderr.write("flowschema: the project's PostgreSQL is not running: start it with flowschema db start\n");
  return EXIT.usage;
}

function printNotes(notes: readonly string[]): void {
  for (const note of notes) process.stderr.write(`flowschema: ${note}\n`);
}

/**
 * A domain role's URL to the domain's database: the password is the one the
 * CLI gave the role (FLOWSCHEMA_PASSWORD_<ROLE>, else .flowschema/secrets/),
 * so the domain must have been set up (`up`) first.
 */
function domainUrl(root: string, serverUrl: string, domain: string, role: RoleKind): string | undefined {
  const name = rolesOf(domain)[role];
  const password = existingRolePassword(name, { env: process.env, secretsDir: secretsDirOf(root) });
  if (password === undefined) {
    process.stderr.write(`flowschema: role ${name} has no password here yet: run flowschema up first (it sets up domain ${domain})\n`);
    return undefined;
  }
  return roleUrl(serverUrl, databaseNameOf(domain), name, password);
}

/** psql on the project's server (started for the session when it is not running); the password goes by environment, not argv. */
async function runPsql(root: string, options: DbOptions): Promise<number> {
  const server = await openDevServer(root);
  printNotes(server.notes);
  try {
    const url = options.domain === undefined ? server.url : domainUrl(root, server.url, options.domain, options.role ?? 'orchestration');
    if (url === undefined) return EXIT.usage;
    const target = new URL(url);
    const password = decodeURIComponent(target.password);
    target.password = '';
    const child = spawn('psql', [target.toString(), ...options.rest], { stdio: 'inherit', env: { ...process.env, PGPASSWORD: password } });
    const terminalBack = childHasTerminal();
    child.on('exit', terminalBack);
    child.on('error', terminalBack);
    return await new Promise<number>((done) => {
      child.on('error', (error: NodeJS.ErrnoException) => {
        process.stderr.write(
          error.code === 'ENOENT' ? 'flowschema: psql is not installed here: install the PostgreSQL client tools, or connect with the URL flowschema db url prints\n' : `flowschema: psql did not run: ${error.message}\n`,
        );
        done(EXIT.usage);
      });
      child.on('exit', (code) => done(code ?? EXIT.problems));
    });
  } finally {
    await server.release();
  }
}

/** Drops the domain databases on the project's server (every domain in generated/, or --domain); asks first on a terminal, else wants --force. */
async function runReset(root: string, options: DbOptions): Promise<number> {
  const domains = options.domain !== undefined ? [options.domain] : readManifests(resolve(options.out)).map((m) => m.domain);
  if (domains.length === 0) {
    process.stderr.write(`flowschema: no domains in ${options.out}: name one with --domain\n`);
    return EXIT.usage;
  }
  const names = domainDatabases(domains);
  if (!options.force) {
    if (!process.stdin.isTTY) {
      process.stderr.write(`flowschema: db reset drops ${names.join(', ')} on the project's PostgreSQL: add --force to do it without asking\n`);
      return EXIT.usage;
    }
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    const answer = await rl.question(`Drop ${names.join(', ')} on the project's PostgreSQL? [y/N] `);
    rl.close();
    if (!/^y(es)?$/i.test(answer.trim())) return EXIT.problems;
  }
  const server = await openDevServer(root);
  printNotes(server.notes);
  let dropped: string[];
  try {
    dropped = await resetDomainDatabases(server.url, domains);
  } finally {
    await server.release();
  }
  process.stdout.write(dropped.length ? `dropped ${dropped.join(', ')}; flowschema up makes them again\n` : `none of ${names.join(', ')} exists: nothing dropped\n`);
  return EXIT.ok;
}
