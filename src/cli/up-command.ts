import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { Manifest } from '../artifacts/index.ts';
import { createRuntime, exampleInstanceData, startInstance, type Runtime, type SchemaStatus } from '../runtime/index.ts';
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
  /** the runtime's migrationLockTimeoutMs and migrationStatementTimeoutMs (docs/online-upgrades.md) */
  readonly lockTimeoutMs?: number;
  readonly statementTimeoutMs?: number;
}

/**
 * `flowschema up`: check that generated/ is current, then for each domain:
 * its bootstrap when something is missing, the system schemas, the upgrade
 * of every created flow schema, then the deploy of its definitions (only
 * after every migration went live); a status table at the end. With
 * --check-drift, a domain with drift gets nothing applied (exit 1), and
 * every domain is checked again after the upgrade.
 */
export async function runUp(options: UpOptions): Promise<number> {
  for (const [flag, value] of [['--lock-timeout', options.lockTimeoutMs], ['--statement-timeout', options.statementTimeoutMs]] as const)
    if (value !== undefined && !(Number.isInteger(value) && value >= (flag === '--lock-timeout' ? 1 : 0) && value <= 2_147_483_647)) {
      process.stderr.write(`flowschema: ${flag} must be a whole number of milliseconds${flag === '--lock-timeout' ? ' above 0' : ' (0: no limit)'}\n`);
      return EXIT.usage;
    }
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
  const check = options.checkDrift ? domainDriftChecker(options.definitions, options.out) : undefined;
  const code = await withServer(options.definitions, async (server) => {
    process.stdout.write(`PostgreSQL: ${server.source === 'embedded' ? 'embedded (.flowschema/pg)' : 'DATABASE_URL'}\n`);
    for (const manifest of manifests) {
      const access = await domainAccess(server, projectRootOf(options.definitions), manifest.domain);
      if (access.bootstrapped.length) process.stdout.write(`domain ${manifest.domain}: bootstrapped (roles, databases and grants, as ${server.source === 'embedded' ? "the embedded server's superuser" : "DATABASE_URL's user"})\n`);
      if (check) {
        // A gate: a hand-edited database gets nothing applied. Pending migrations are what up is for.
        const before = await check(server, manifest);
        const blocking = before.findings.filter((f) => !NOT_DRIFT_BEFORE_UP.includes(f.kind));
        if (blocking.length) {
          process.stdout.write(formatReports([{ ...before, findings: blocking, drift: true }], 'text'));
          process.stderr.write(`flowschema: domain ${manifest.domain} has drift: up stopped before applying anything to it\n`);
          return EXIT.problems;
        }
      }
      // Every migration, deploy and upgrade runs logged in as the domain's init role.
      const runtime = createRuntime({ domain: manifest.domain, connection: access.url('init'), generated: outDir, migrationLockTimeoutMs: options.lockTimeoutMs, migrationStatementTimeoutMs: options.statementTimeoutMs });
      try {
        await runtime.start();
        const applied = await runtime.upgrade(progress(manifest.domain));
        // Definitions are deployed only once the schema changes they go with are live: a failed upgrade
        // (which throws above) records no definition version, and the same version can be deployed after the fix.
        const deployed = await runtime.deploy();
        process.stdout.write(`domain ${manifest.domain}: database ${manifest.database}, system schemas ready, ${applied.length} migration(s) applied by upgrade, ${deployed.stored.length} definition(s) deployed (${deployed.unchanged} unchanged)\n`);
        if (options.startAll) await startOneOfEach(runtime, access.url('orchestration'), manifest);
        for (const status of await runtime.status()) rows.push({ domain: manifest.domain, status });
      } finally {
        await runtime.close();
      }
    }
    if (check) for (const manifest of manifests) reports.push(await check(server, manifest));
    return EXIT.ok;
  });
  if (code !== EXIT.ok) return code;
  printStatusTable(rows);
  if (!check) return code;
  process.stdout.write(formatReports(reports, 'text'));
  return reports.some((r) => r.drift) ? EXIT.problems : EXIT.ok;
}

/** What `up --check-drift` does not hold against a database before it runs: what up itself is about to apply. */
const NOT_DRIFT_BEFORE_UP = ['migration pending', 'migration partly applied', 'system schemas missing'];

/** `--start-all`: one instance of every flow, as the orchestration service would start it (its role), each with a key of its own. */
async function startOneOfEach(runtime: Runtime, orchestrationUrl: string, manifest: Manifest): Promise<void> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: orchestrationUrl, max: 2 });
  pool.on('error', () => {});
  try {
    const before = new Set((await runtime.status()).filter((s) => s.created).map((s) => s.schema));
    for (const schema of manifest.schemas) {
      const key = `demo-${schema.flow}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
      // A document its data schema accepts (unique fields taken from the key).
      const instance = await startInstance(runtime, pool, schema.flow, key, exampleInstanceData(runtime, schema.flow, key));
      const note = before.has(schema.schema) ? '' : `; its first start created schema ${schema.schema}`;
      process.stdout.write(`  started ${schema.flow} instance ${instance.id} (key ${key}) at state ${instance.currentState}${note}\n`);
    }
  } finally {
    await pool.end();
  }
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
