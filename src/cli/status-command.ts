import { resolve } from 'node:path';
import { databaseExists, databaseUrl } from '../db/index.ts';
import { createRuntime, type SchemaStatus } from '../runtime/index.ts';
import { EXIT } from './exit-codes.ts';
import { readManifests, withServer } from './project-server.ts';
import { printStatusTable } from './status-table.ts';

export interface StatusOptions {
  readonly definitions: string;
  readonly out: string;
  readonly json: boolean;
}

/** `flowschema status`: per domain, each schema with its applied and pending migrations. Changes nothing. */
export async function runStatus(options: StatusOptions): Promise<number> {
  const outDir = resolve(options.out);
  const rows: { domain: string; status: SchemaStatus }[] = [];
  const code = await withServer(options.definitions, async (server) => {
    for (const manifest of readManifests(outDir)) {
      if (!(await databaseExists(server.url, manifest.database))) {
        for (const s of manifest.schemas) rows.push({ domain: manifest.domain, status: { schema: s.schema, kind: 'flow', flow: s.flow, version: s.version, created: false, applied: [], pending: [] } });
        continue;
      }
      const runtime = createRuntime({ domain: manifest.domain, connection: databaseUrl(server.url, manifest.database), generated: outDir });
      try {
        for (const status of await runtime.status()) rows.push({ domain: manifest.domain, status });
      } finally {
        await runtime.close();
      }
    }
    return EXIT.ok;
  });
  if (code !== EXIT.ok) return code;
  if (options.json) process.stdout.write(`${JSON.stringify({ schemas: rows.map((r) => ({ domain: r.domain, ...r.status })) }, null, 2)}\n`);
  else printStatusTable(rows);
  return EXIT.ok;
}
