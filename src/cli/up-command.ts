import { resolve } from 'node:path';
import { createRuntime, startInstance, type SchemaStatus } from '../runtime/index.ts';
import type { DriftReport } from '../drift/index.ts';
import { runCompile } from './compile-command.ts';
import { domainDriftChecker, formatReports } from './drift-command.ts';
import { EXIT } from './exit-codes.ts';
import { domainAccess, projectRootOf, readManifests, withServer } from './project-server.ts';
import { printStatusTable } from './status-table.ts';

export interface UpOptions {
  readonly definitions: string;
  readonly out: string;
  readonly domain: string | undefined;
  /** after up, start one instance of every flow (what `npm start` shows) */
  readonly startAll: boolean;
  /** then check each domain for drift (as `flowschema drift`); drift makes the exit code 1 */
  readonly checkDrift?: boolean;
}

/**
 * `flowschema up`: check that generated/ is current, then for each domain:
 * its database, the system schemas, roles, and the upgrade of every created
 * flow schema; a status table at the end; with --check-drift, then the
 * drift report of every domain (exit 1 when there is drift).
 */
export async function runUp(options: UpOptions): Promise<number> {
  const checked = await runCompile({ definitions: options.definitions, out: options.out, check: true });
  if (checked !== EXIT.ok) {
    process.stderr.write(`flowschema: up stopped before touching any database: ${options.out} must be exactly what the definitions produce (see above)\n`);
    return checked;
  }
  const outDir = resolve(options.out);
  const manifests = readManifests(outDir).filter((m) => options.domain === undefined || m.domain === options.domain);
  if (options.domain !== undefined && manifests.length === 0) {
    process.stderr.write(`flowschema: no domain '${options.domain}' in ${options.out}\n`);
    return EXIT.usage;
  }
  const rows: { domain: string; status: SchemaStatus }[] = [];
  const reports: DriftReport[] = [];
  const code = await withServer(options.definitions, async (server) => {
    try {
      process.stdout.write(`PostgreSQL: ${server.source === 'embedded' ? 'embedded (.flowschema/pg)' : 'DATABASE_URL'}\n`);
      for (const manifest of manifests) {
        const access = await domainAccess(server, projectRootOf(options.definitions), manifest.domain);
        if (access.bootstrapped.length) process.stdout.write(`domain ${manifest.domain}: bootstrapped (roles, databases and grants, as ${server.source === 'embedded' ? 'the embedded server\'s superuser' : "DATABASE_URL's user"})\n`);
        // Every migration, deploy and upgrade runs logged in as the domain's init role.
        const runtime = createRuntime({ domain: manifest.domain, connection: access.url('init'), generated: outDir });
        try {
          await runtime.start();
          const deployed = await runtime.deploy();
          const applied = await runtime.upgrade(progress(manifest.domain));
          process.stdout.write(`domain ${manifest.domain}: database ${manifest.database}, system schemas ready, ${deployed.stored.length} definition(s) deployed (${deployed.unchanged} unchanged), ${applied.length} migration(s) applied by upgrade\n`);
          if (options.startAll) {
            const { default: pg } = await import('pg');
            // Instances are started as the orchestration service would: as its role.
            const pool = new pg.Pool({ connectionString: access.url('orchestration'), max: 2 });
            try {
              const before = new Set((await runtime.status()).filter((s) => s.created).map((s) => s.schema));
              for (const schema of manifest.schemas) {
                const key = `demo-${schema.flow}-${Date.now().toString(36)}`;
                const instance = await startInstance(runtime, pool, schema.flow, key, {});
                const note = before.has(schema.schema) ? '' : `; its first start created schema ${schema.schema}`;
                process.stdout.write(`  started ${schema.flow} instance ${instance.id} (key ${key}) at state ${instance.currentState}${note}\n`);
              }
            } finally {
              await pool.end();
            }
          }
          for (const status of await runtime.status()) rows.push({ domain: manifest.domain, status });
        } finally {
          await runtime.close();
        }
      }
      if (options.checkDrift) {
        const check = domainDriftChecker(options.definitions, options.out);
        for (const manifest of manifests) reports.push(await check(server, manifest));
      }
    } catch (error) {
      process.stderr.write(`flowschema: ${(error as Error).message}\n`);
      return EXIT.problems;
    }
    return EXIT.ok;
  });
  if (code !== EXIT.ok) return code;
  printStatusTable(rows);
  if (!options.checkDrift) return code;
  process.stdout.write(formatReports(reports, 'text'));
  return reports.some((r) => r.drift) ? EXIT.problems : EXIT.ok;
}

/**
 * Upgrade progress: on a terminal one line rewritten in place; otherwise a
 * plain line every 100 schemas (and at the end), so logs stay readable.
 */
function progress(domain: string): (done: number, total: number, schema: string) => void {
  const tty = process.stdout.isTTY === true;
  return (done, total, schema) => {
    if (tty) {
      process.stdout.write(`\r  ${domain}: checked ${done}/${total} flow schemas (${schema})\u001b[K`);
      if (done === total) process.stdout.write('\n');
    } else if (done % 100 === 0 || done === total) process.stdout.write(`  ${domain}: checked ${done}/${total} flow schemas\n`);
  };
}
