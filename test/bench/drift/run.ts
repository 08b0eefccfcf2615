/**
 * Benchmark: `checkDrift` on a domain with N created flow schemas: with no
 * drift (cold: no cache file; cached: expected fingerprints from the cache
 * file), with one column changed in one schema, and for that one schema
 * (before and after the change); side by side in the same run, the floors:
 * @pgkit/migra's diff of the whole database and with `schema` set (both
 * comparing the live database with an expected one built the same way), and
 * `pg_dump --schema-only` of the live database (only reading what drift
 * compares, when a pg_dump of the server's major version is on the machine).
 *   npm run bench:drift            (N = 100 and 500)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createClient } from '@pgkit/client';
import { run } from '@pgkit/migra';
import { databaseUrl, dropDatabase, startEmbedded } from '../../../src/db/index.ts';
import { readDriftCache, writeDriftCache } from '../../../src/cli/cache-file.ts';
import { checkDrift } from '../../../src/drift/index.ts';
import { createRuntime } from '../../../src/runtime/index.ts';
import { bootstrapDatabases, type TestDomainDatabase } from '../../support/domain-db.ts';
import { pgDumpMatchesServer } from '../../support/pg-dump.ts';
import { syntheticSources, writeSyntheticGenerated } from '../../support/synthetic.ts';

const SIZES = (process.env.BENCH_N ?? '100,500').split(',').map(Number);
const pgDir = mkdtempSync(join(tmpdir(), 'flowschema-bench-drift-pg-'));
const work = mkdtempSync(join(tmpdir(), 'flowschema-bench-drift-'));
const server = process.env.DATABASE_URL ? { url: process.env.DATABASE_URL, stop: async () => {} } : await startEmbedded({ dir: pgDir, persistent: false, fast: true });
const seconds = (start: bigint) => (Number(process.hrtime.bigint() - start) / 1e9).toFixed(2);

async function migra(from: string, to: string, schema?: string): Promise<string> {
  const a = createClient(from);
  const b = createClient(to);
  const start = process.hrtime.bigint();
  try {
    await run(a, b, { unsafe: true, ...(schema !== undefined && { schema }) });
    return seconds(start);
  } finally {
    await a.end();
    await b.end();
  }
}

/** pg_dump --schema-only of one database, timed; undefined without a pg_dump of the server's major version. */
function pgDump(url: string): string | undefined {
  if (!pgDumpMatchesServer(url)) return undefined;
  const start = process.hrtime.bigint();
  const dump = spawnSync('pg_dump', ['--schema-only', '-d', url], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (dump.status !== 0) throw new Error(`pg_dump failed: ${dump.stderr}`);
  return seconds(start);
}

const ratio = (floor: string, t: string) => `${(Number(floor) / Number(t)).toFixed(1)}x`;

try {
  const rows: string[][] = [];
  for (const n of SIZES) {
    const gen = join(work, `gen-${n}`);
    writeSyntheticGenerated(gen, syntheticSources(n));
    const names = { live: `bench_drift_live_${n}`, expected: `bench_drift_expected_${n}` };
    const dbs: Record<string, TestDomainDatabase> = {};
    for (const d of [names.live, names.expected]) {
      await dropDatabase(server.url, d);
      await dropDatabase(server.url, `${d}_drift`);
      dbs[d] = await bootstrapDatabases(server.url, d, 'bench');
    }
    for (const d of [names.live, names.expected]) {
      const runtime = createRuntime({ domain: 'bench', connection: dbs[d]!.initUrl, generated: gen });
      for (let i = 1; i <= n; i++) await runtime.ensureFlowSchema(`flow-${i}`);
      await runtime.close();
      // A settled database, as autovacuum leaves it: right after creating 500 schemas the catalogs
      // have no statistics, and both migra (5-10x slower) and flowschema get poor plans.
      const c = new pg.Client({ connectionString: databaseUrl(server.url, d) });
      await c.connect();
      await c.query('VACUUM ANALYZE');
      await c.end();
    }
    const project = join(work, `project-${n}`);
    // As the CLI runs it: the scratch database (bootstrap's <domain>_drift) is connected to, inside the timing, only when something must be built.
    const check = async (options: { schema?: string; cache?: boolean } = {}) => {
      let scratch = false;
      const start = process.hrtime.bigint();
      // the cache file read and written inside the timing, as the CLI does
      const cache = options.cache === false ? undefined : readDriftCache(project);
      const sizeBefore = cache?.size ?? 0;
      const report = await checkDrift({
        domain: 'bench',
        connection: dbs[names.live]!.initUrl,
        scratch: async () => {
          scratch = true;
          return dbs[names.live]!.driftUrl;
        },
        generated: gen,
        ...(cache !== undefined && { cache }),
        ...(options.schema !== undefined && { schema: options.schema }),
      });
      if (cache !== undefined) writeDriftCache(project, cache, sizeBefore);
      const time = seconds(start);
      return { time, findings: report.findings.length };
    };
    const cold = await check({ cache: false });
    await check(); // fills the cache
    const warm = await check();
    const schemaClean = await check({ schema: 'flow_7' });
    const c = new pg.Client({ connectionString: databaseUrl(server.url, names.live) });
    await c.connect();
    await c.query('ALTER TABLE flow_7.items ALTER COLUMN name TYPE text');
    await c.end();
    const one = await check();
    const schemaDrifted = await check({ schema: 'flow_7' });
    const dump = pgDump(databaseUrl(server.url, names.live));
    const whole = await migra(databaseUrl(server.url, names.live), databaseUrl(server.url, names.expected));
    const schemaSet = await migra(databaseUrl(server.url, names.live), databaseUrl(server.url, names.expected), 'flow_7');
    const cell = (r: { time: string; findings: number }) => `${r.time} s (${r.findings})`;
    rows.push([String(n), `${whole} s`, dump === undefined ? 'no pg_dump' : `${dump} s`, cell(cold), ratio(whole, cold.time), dump === undefined ? '-' : ratio(dump, cold.time), cell(warm), ratio(whole, warm.time), cell(one), `${schemaSet} s`, cell(schemaClean), ratio(schemaSet, schemaClean.time), cell(schemaDrifted), ratio(schemaSet, schemaDrifted.time)]);
    for (const db of Object.values(dbs)) await db.drop();
  }
  const header = ['N', 'migra whole db', 'pg_dump -s', 'no drift, cold', 'vs migra', 'vs pg_dump', 'no drift, cached', 'vs migra', 'one column changed', 'migra schema set', '--schema, no drift', 'vs migra', '--schema, drifted', 'vs migra'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [header, ...rows]) console.log(r.map((x, i) => x.padEnd(widths[i]!)).join('  '));
  console.log('(findings in parentheses; "cold" builds every expected schema, "cached" reads the expected fingerprints from the cache file;');
  console.log(' drift times include connecting to and cleaning the scratch database when one is needed; "vs" columns: how many times faster drift is;');
  console.log(' pg_dump only prints what drift reads and compares, with the roles and the database around the schemas)');
} finally {
  await server.stop();
  rmSync(pgDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}
