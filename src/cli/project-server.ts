import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { EXIT } from './exit-codes.ts';
import type { Manifest } from '../artifacts/index.ts';
import { createDatabase, databaseExists, databaseUrl, openServer, type Server } from '../db/index.ts';
import { databaseNameOf } from '../model/index.ts';

/** The manifests under generated/, by domain. */
export function readManifests(outDir: string): Manifest[] {
  let names: string[] = [];
  try {
    names = readdirSync(outDir).sort();
  } catch {
    return [];
  }
  const out: Manifest[] = [];
  for (const name of names) {
    try {
      out.push(JSON.parse(readFileSync(join(outDir, name, 'manifest.json'), 'utf8')) as Manifest);
    } catch {
      // not a domain folder
    }
  }
  return out;
}

/** The server the CLI works on, or an error message for exit code 2. */
export async function serverFor(projectRoot: string): Promise<Server | string> {
  try {
    return await openServer(projectRoot);
  } catch (error) {
    return `flowschema: no PostgreSQL: ${(error as Error).message}`;
  }
}

/** `<domain>_db` on the server, created when missing (the CLI may; the library takes an existing database). */
export async function domainDatabase(server: Server, domain: string): Promise<string> {
  const name = databaseNameOf(domain);
  if (!(await databaseExists(server.url, name))) {
    await createDatabase(server.url, name).catch((error: { code?: string }) => {
      if (error.code !== '42P04') throw error; // created meanwhile
    });
  }
  return databaseUrl(server.url, name);
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
