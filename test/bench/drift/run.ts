/**
 * Benchmark: `checkDrift` on a domain with N created flow schemas, with no
 * drift and with one column changed in one schema, for the whole domain and
 * for one schema; side by side in the same run, @pgkit/migra's diff of the
 * whole database and with `schema` set (both comparing the live database
 * with the same expected one).
 *   npm run bench:drift            (N = 100 and 500)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createClient } from '@pgkit/client';
import { run } from '@pgkit/migra';
import { createDatabase, databaseUrl, dropDatabase, startEmbedded } from '../../../src/db/index.ts';
import { checkDrift } from '../../../src/drift/index.ts';
import { createRuntime } from '../../../src/runtime/index.ts';
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

try {
  console.log('N     drift: none   one change   --schema   migra whole db   migra schema set');
  for (const n of SIZES) {
    const gen = join(work, `gen-${n}`);
    writeSyntheticGenerated(gen, syntheticSources(n));
    const names = { live: `bench_drift_live_${n}`, expected: `bench_drift_expected_${n}`, scratch: `bench_drift_scratch_${n}` };
    for (const d of Object.values(names)) {
      await dropDatabase(server.url, d);
      await createDatabase(server.url, d);
    }
    for (const d of [names.live, names.expected]) {
      const runtime = createRuntime({ domain: 'bench', connection: databaseUrl(server.url, d), generated: gen, roles: false });
      for (let i = 1; i <= n; i++) await runtime.ensureFlowSchema(`flow-${i}`);
      await runtime.close();
    }
    const check = async (schema?: string) => {
      await dropDatabase(server.url, names.scratch);
      await createDatabase(server.url, names.scratch);
      const start = process.hrtime.bigint();
      const report = await checkDrift({ domain: 'bench', connection: databaseUrl(server.url, names.live), scratch: databaseUrl(server.url, names.scratch), generated: gen, ...(schema !== undefined && { schema }) });
      return { time: seconds(start), findings: report.findings.length };
    };
    const none = await check();
    const c = new pg.Client({ connectionString: databaseUrl(server.url, names.live) });
    await c.connect();
    await c.query('ALTER TABLE flow_7.items ALTER COLUMN name TYPE text');
    await c.end();
    const one = await check();
    const single = await check('flow_7');
    const whole = await migra(databaseUrl(server.url, names.live), databaseUrl(server.url, names.expected));
    const schemaSet = await migra(databaseUrl(server.url, names.live), databaseUrl(server.url, names.expected), 'flow_7');
    console.log(`${String(n).padEnd(5)} ${`${none.time} s (${none.findings})`.padEnd(13)} ${`${one.time} s (${one.findings})`.padEnd(12)} ${`${single.time} s`.padEnd(10)} ${`${whole} s`.padEnd(16)} ${schemaSet} s`);
    for (const d of Object.values(names)) await dropDatabase(server.url, d);
  }
  console.log('(findings in parentheses; drift times include building the expected schemas in the scratch database)');
} finally {
  await server.stop();
  rmSync(pgDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}
