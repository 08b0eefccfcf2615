import { dirname, resolve } from 'node:path';
import { databaseUrl, openServer, recreateDatabase, withClient } from '../db/index.ts';
import type { Manifest } from '../artifacts/index.ts';
import { applyMigrationSql } from '../runtime/index.ts';
import { runCompile } from './compile-command.ts';
import { EXIT } from './exit-codes.ts';
import { readTree } from './files.ts';

export interface VerifyOptions {
  readonly definitions: string;
  readonly out: string;
}

/**
 * `flowschema verify` (what `npm start` runs until the runtime lands):
 * compile, then apply every flow schema's migrations, in manifest order,
 * to a fresh scratch database per domain, `flowschema_verify_<domain>`,
 * and report what PostgreSQL created.
 */
export async function runVerify(options: VerifyOptions): Promise<number> {
  const compiled = await runCompile({ ...options, check: false });
  if (compiled !== EXIT.ok) return compiled;
  const outDir = resolve(options.out);
  const files = readTree(outDir);
  const manifests = [...files.entries()].filter(([p]) => p.endsWith('/manifest.json')).map(([, text]) => JSON.parse(text) as Manifest);
  let server;
  try {
    server = await openServer(dirname(resolve(options.definitions)));
  } catch (error) {
    process.stderr.write(`flowschema: no PostgreSQL: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  process.stdout.write(`PostgreSQL: ${server.source === 'embedded' ? 'embedded (.flowschema/pg)' : 'DATABASE_URL'}\n`);
  let failed = false;
  try {
    for (const manifest of manifests) {
      const database = `flowschema_verify_${manifest.domain.replace(/-/g, '_')}`;
      await recreateDatabase(server.url, database);
      await withClient(databaseUrl(server.url, database), async (client) => {
        process.stdout.write(`domain ${manifest.domain} -> database ${database}\n`);
        for (const schema of manifest.schemas) {
          try {
            for (const m of schema.migrations) await applyMigrationSql(client, m.file, files.get(`${manifest.domain}/${m.file}`)!);
          } catch (error) {
            failed = true;
            process.stderr.write(`  ${schema.schema}: FAILED ${(error as Error).message}\n`);
            continue;
          }
          const { rows } = await client.query<{ tables: string; indexes: string; types: string }>(
            `SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = $1) AS tables,
                    (SELECT count(*) FROM pg_indexes WHERE schemaname = $1) AS indexes,
                    (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typtype = 'e') AS types`,
            [schema.schema],
          );
          const r = rows[0]!;
          process.stdout.write(`  ${schema.schema.padEnd(28)} v${schema.version.padEnd(8)} ${schema.migrations.length} migration(s)  ${r.tables} tables  ${r.indexes} indexes  ${r.types} enum types\n`);
        }
      });
    }
  } finally {
    await server.stop();
  }
  return failed ? EXIT.problems : EXIT.ok;
}
