import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { EXIT } from './exit-codes.ts';
import type { Manifest } from '../artifacts/index.ts';
import { openServer, type Server } from '../db/index.ts';
import { domainNameProblem } from '../model/index.ts';
import { openDomain, type DomainAccess } from '../runtime/index.ts';
import { readDomainArtifacts } from '../runtime/artifacts.ts';

/**
 * The manifests under generated/, by domain: every folder that holds a
 * manifest.json. Each is checked as the runtime checks it (domain, schemas and
 * files exactly where flowschema writes them, fields of the right type): one
 * that is not throws InvalidManifestError or ManifestPathError, whose message
 * is one line.
 */
export function readManifests(outDir: string): Manifest[] {
  let names: string[] = [];
  try {
    names = readdirSync(outDir).filter((name) => !name.startsWith('.')).sort();
  } catch {
    return [];
  }
  const out: Manifest[] = [];
  for (const name of names) {
    if (!existsSync(join(outDir, name, 'manifest.json'))) continue; // not a domain folder
    out.push(readDomainArtifacts(outDir, name).manifest);
  }
  return out;
}

/** The server the CLI works on, or an error message for exit code 2. */
export async function serverFor(projectRoot: string): Promise<Server | string> {
  try {
    const server = await openServer(projectRoot);
    for (const note of server.notes) process.stderr.write(`flowschema: ${note}\n`);
    return server;
  } catch (error) {
    return `flowschema: no PostgreSQL: ${(error as Error).message}`;
  }
}

/**
 * How the CLI reaches a domain: bootstrapped when something is missing (with
 * DATABASE_URL's user, or the embedded server's superuser), each role's
 * password from FLOWSCHEMA_PASSWORD_<ROLE>, else generated once into
 * .flowschema/secrets/. On the embedded server, which flowschema owns, a role
 * whose password was lost is given its secret again.
 */
export function domainAccess(server: Server, projectRoot: string, domain: string, bootstrap: 'auto' | 'never' | 'report' = 'auto'): Promise<DomainAccess> {
  return openDomain({ serverUrl: server.url, domain, passwords: { env: process.env, secretsDir: secretsDirOf(projectRoot) }, bootstrap, resetPasswords: server.source === 'embedded' });
}

/** Where the CLI keeps the passwords it generated for a project's roles. */
export function secretsDirOf(projectRoot: string): string {
  return join(projectRoot, '.flowschema', 'secrets');
}

/**
 * A domain name given on the command line, checked as a definition's is
 * (FS1102, FS1201, FS1203) before it is written into a file or a name:
 * the one line to print, or undefined when it is a domain name.
 */
export function domainNameError(domain: string): string | undefined {
  const problem = domainNameProblem(domain);
  return problem && `flowschema: ${problem.message.replace(/[^\x20-\x7e]/g, '?')} (${problem.hint})`;
}

/** The folder that holds definitions/ (and .flowschema/). */
export function projectRootOf(definitions: string): string {
  return dirname(resolve(definitions));
}

/** Runs `work` with the project's server (exit 2 when there is none) and stops the server afterwards. */
export async function withServer(definitions: string, work: (server: Server) => Promise<number>): Promise<number> {
  const server = await serverFor(dirname(resolve(definitions)));
  if (typeof server === 'string') {
    process.stderr.write(`${server}\n`);
    return EXIT.usage;
  }
  try {
    return await work(server);
  } finally {
    await server.stop();
  }
}
