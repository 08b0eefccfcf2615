import { resolve } from 'node:path';
import type { Manifest } from '../artifacts/index.ts';
import type { Server } from '../db/index.ts';
import { createRuntime, NotBootstrappedError, type SchemaStatus } from '../runtime/index.ts';
import { EXIT } from './exit-codes.ts';
import { domainAccess, projectRootOf, readManifests, withServer } from './project-server.ts';
import { printStatusTable } from './status-table.ts';

export interface StatusOptions {
  readonly definitions: string;
  readonly out: string;
  readonly json: boolean;
  /** only this domain */
  readonly domain?: string | undefined;
}

/** `flowschema status`: per domain, each schema with its applied and pending migrations. Changes nothing. */
export async function runStatus(options: StatusOptions): Promise<number> {
  const outDir = resolve(options.out);
  const manifests = readManifests(outDir).filter((m) => options.domain === undefined || m.domain === options.domain);
  if (options.domain !== undefined && manifests.length === 0) {
    process.stderr.write(`flowschema: no domain '${options.domain}' in ${options.out}\n`);
    return EXIT.usage;
  }
  const rows: { domain: string; status: SchemaStatus }[] = [];
  const code = await withServer(options.definitions, async (server) => {
    for (const manifest of manifests) rows.push(...(await domainStatus(server, projectRootOf(options.definitions), outDir, manifest)));
    return EXIT.ok;
  });
  if (code !== EXIT.ok) return code;
  if (options.json) process.stdout.write(`${JSON.stringify({ schemas: rows.map((r) => ({ domain: r.domain, ...r.status })) }, null, 2)}\n`);
  else printStatusTable(rows);
  return EXIT.ok;
}

/** One domain's schemas. Changes nothing: a domain that is not bootstrapped is an error, one without a database has nothing created. */
async function domainStatus(server: Server, projectRoot: string, outDir: string, manifest: Manifest): Promise<{ domain: string; status: SchemaStatus }[]> {
  const access = await domainAccess(server, projectRoot, manifest.domain, 'never').catch((error: unknown) => {
    if (error instanceof NotBootstrappedError && error.code === '3D000') return undefined;
    throw error;
  });
  if (!access) return manifest.schemas.map((s) => ({ domain: manifest.domain, status: { schema: s.schema, kind: 'flow', flow: s.flow, version: s.version, liveVersion: null, created: false, applied: [], pending: [] } }));
  const runtime = createRuntime({ domain: manifest.domain, connection: access.url('init'), generated: outDir });
  try {
    return (await runtime.status()).map((status) => ({ domain: manifest.domain, status }));
  } finally {
    await runtime.close();
  }
}
