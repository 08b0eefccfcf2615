/**
 * Benchmark: creating N flow schemas from empty through the runtime
 * (ensureFlowSchema: lock, history check, migration, history row, registry),
 * against floors measured in the same run on the same server: the same SQL
 * files sent as they are, one transaction per schema (`psql -1 -f` when psql
 * exists, and one `pg` simple query per file in BEGIN/COMMIT). Also the cost
 * of ensureFlowSchema on a schema already current.
 *   npm run bench:migrate              (N = 100 and 500)
 *   BENCH_N=50 npm run bench:migrate
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Manifest } from '../../../src/artifacts/index.ts';
import { dropDatabase, startEmbedded } from '../../../src/db/index.ts';
import { createRuntime } from '../../../src/runtime/index.ts';
import { bootstrapDatabases } from '../../support/domain-db.ts';
import { syntheticSources, writeSyntheticGenerated } from '../../support/synthetic.ts';

const SIZES = (process.env.BENCH_N ?? '100,500').split(',').map(Number);
const hasPsql = spawnSync('psql', ['--version']).status === 0;

const work = mkdtempSync(join(tmpdir(), 'flowschema-bench-migrate-'));
// Its own temp folder: the postgres OS user must be able to reach it (see src/db/embedded.ts).
const pgDir = mkdtempSync(join(tmpdir(), 'flowschema-bench-pg-'));
const server = process.env.DATABASE_URL ? { url: process.env.DATABASE_URL, stop: async () => {} } : await startEmbedded({ dir: pgDir, persistent: false });
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

try {
  console.log(`migrate benchmark on ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'an embedded PostgreSQL 15'}; psql ${hasPsql ? 'found' : 'not found'}`);
  console.log('N     runtime (ensureFlowSchema)  floor: pg simple query   ratio   floor: psql -1 -f   ratio');
  for (const n of SIZES) {
    const gen = join(work, `gen-${n}`);
    writeSyntheticGenerated(gen, syntheticSources(n));
    const manifest = JSON.parse(readFileSync(join(gen, 'bench/manifest.json'), 'utf8')) as Manifest;
    const files = manifest.schemas.map((s) => join(gen, 'bench', s.migrations[0]!.file));

    // Floor 1: one simple query per file, in its own transaction. Measured before and after the
    // runtime, the faster of the two kept, so warm-up never favours the runtime.
    const dbA = `bench_floor_${n}`;
    // Every side logs in as the domain's init role on a bootstrapped database, as the runtime does.
    const fresh = async (name: string) => {
      await dropDatabase(server.url, name);
      await dropDatabase(server.url, `${name}_drift`);
      return bootstrapDatabases(server.url, name, 'bench');
    };
    const floorOnce = async () => {
      const db = await fresh(dbA);
      const client = new pg.Client({ connectionString: db.initUrl });
      await client.connect();
      const t = process.hrtime.bigint();
      for (const f of files) {
        await client.query('BEGIN');
        await client.query(readFileSync(f, 'utf8'));
        await client.query('COMMIT');
      }
      const elapsed = ms(t);
      await client.end();
      await db.drop();
      return elapsed;
    };
    const floorBefore = await floorOnce();
    let start: bigint;

    // Floor 2: psql -1 -f per file.
    let floorPsql = NaN;
    if (hasPsql) {
      const db = await fresh(dbA);
      start = process.hrtime.bigint();
      for (const f of files) {
        const r = spawnSync('psql', ['-q', '-1', '-v', 'ON_ERROR_STOP=1', '-f', f, db.initUrl], { stdio: ['ignore', 'ignore', 'pipe'] });
        if (r.status !== 0) throw new Error(String(r.stderr));
      }
      floorPsql = ms(start);
      await db.drop();
    }

    // The runtime: system schemas first (untimed), then every flow's first start.
    const dbB = `bench_runtime_${n}`;
    const dbRuntime = await fresh(dbB);
    const runtime = createRuntime({ domain: 'bench', connection: dbRuntime.initUrl, generated: gen });
    await runtime.start();
    start = process.hrtime.bigint();
    for (const s of manifest.schemas) await runtime.ensureFlowSchema(s.flow);
    const ours = ms(start);

    // Already current: in this process (cached), and in a new one.
    const before = runtime.queries();
    start = process.hrtime.bigint();
    for (const s of manifest.schemas) await runtime.ensureFlowSchema(s.flow);
    const cachedUs = (ms(start) * 1000) / n;
    const cachedQueries = runtime.queries() - before;
    await runtime.close();
    const newProcess = createRuntime({ domain: 'bench', connection: dbRuntime.initUrl, generated: gen });
    start = process.hrtime.bigint();
    await newProcess.ensureFlowSchema('flow-1');
    const firstCallMs = ms(start);
    const freshQueries = newProcess.queries();
    await newProcess.close();
    await dbRuntime.drop();
    const floorPg = Math.min(floorBefore, await floorOnce());

    console.log(
      `${String(n).padEnd(5)} ${`${(ours / 1000).toFixed(2)} s`.padEnd(27)} ${`${(floorPg / 1000).toFixed(2)} s`.padEnd(24)} ${(ours / floorPg).toFixed(2)}x   ${hasPsql ? `${(floorPsql / 1000).toFixed(2)} s`.padEnd(19) : 'n/a'.padEnd(19)} ${hasPsql ? `${(ours / floorPsql).toFixed(2)}x` : ''}`,
    );
    console.log(`      current schema: ${cachedQueries} queries for ${n} cached calls (${cachedUs.toFixed(1)} µs a call); a new process: ${freshQueries} round trip(s), ${firstCallMs.toFixed(1)} ms`);
  }
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
  rmSync(pgDir, { recursive: true, force: true });
}
