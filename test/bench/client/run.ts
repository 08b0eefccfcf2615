/**
 * Benchmark: the generated client against hand-written `pg` queries doing
 * the same work, in the same run, on the same server: for each of N
 * instances of customer-onboarding, start + 3 transitions + 2 data updates +
 * reads (get, data, history), 8 instances at a time.
 *   npm run bench:client            (N = 2000)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { dropDatabase, startEmbedded } from '../../../src/db/index.ts';
import { createRuntime } from '../../../src/runtime/index.ts';
import { bootstrapDatabases } from '../../support/domain-db.ts';
import { CustomerOnboardingClient } from '../../../generated/onboarding/flows/customer_onboarding/client.ts';

const N = Number(process.env.BENCH_N ?? 2000);
const CONCURRENCY = 8;
const ROOT = join(import.meta.dirname, '..', '..', '..');
const pgDir = mkdtempSync(join(tmpdir(), 'flowschema-bench-client-pg-'));
const server = process.env.DATABASE_URL ? { url: process.env.DATABASE_URL, stop: async () => {} } : await startEmbedded({ dir: pgDir, persistent: false });
const data = (i: number) => ({ customerId: '3f1c9c2e-0000-4000-8000-000000000001', email: `u${i}@example.com`, segment: 'sme' as const });

async function runAll(work: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < N) await work(next++);
  }));
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** A bootstrapped database with customer-onboarding's schema; `url` logs in as the orchestration role, as a service would. */
async function freshSchema(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  await dropDatabase(server.url, name);
  await dropDatabase(server.url, `${name}_drift`);
  const db = await bootstrapDatabases(server.url, name, 'onboarding');
  const runtime = createRuntime({ domain: 'onboarding', connection: db.initUrl, generated: join(ROOT, 'generated') });
  await runtime.ensureFlowSchema('customer-onboarding');
  await runtime.close();
  return { url: db.url('orchestration'), drop: db.drop };
}

async function tx<T>(pool: pg.Pool, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const r = await work(c);
    await c.query('COMMIT');
    return r;
  } catch (e) {
    await c.query('ROLLBACK');
    throw e;
  } finally {
    c.release();
  }
}

try {
  // The generated client.
  const a = await freshSchema('bench_client_generated');
  const poolA = new pg.Pool({ connectionString: a.url, max: CONCURRENCY });
  const client = new CustomerOnboardingClient(poolA);
  const generated = await runAll(async (i) => {
    const { instance, data: v1 } = await client.start(`k${i}`, data(i));
    await client.transition(instance.id, 'submit');
    const v2 = await client.updateData(instance.id, { riskScore: 1 }, { etag: v1.etag });
    await client.transition(instance.id, 'request-info');
    await client.updateData(instance.id, { riskScore: 2 }, { etag: v2.etag });
    await client.transition(instance.id, 'submit');
    await client.get(instance.id);
    await client.data(instance.id);
    await client.history(instance.id);
  });
  await poolA.end();
  await a.drop();

  // Hand-written pg queries, the same work and the same transactions.
  const b = await freshSchema('bench_client_handwritten');
  const poolB = new pg.Pool({ connectionString: b.url, max: CONCURRENCY });
  const S = 'customer_onboarding';
  const move = async (id: string, name: string, target: string) =>
    tx(poolB, async (c) => {
      const from = (await c.query(`SELECT current_state FROM ${S}.instances WHERE id = $1 FOR UPDATE`, [id])).rows[0].current_state;
      await c.query(`UPDATE ${S}.instances SET current_state = $2, updated_at = now() WHERE id = $1 RETURNING *`, [id, target]);
      await c.query(`INSERT INTO ${S}.instance_transitions (instance_id, transition, from_state, to_state, body) VALUES ($1, $2, $3, $4, $5)`, [id, name, from, target, null]);
    });
  const update = async (id: string, etag: string, patch: object) =>
    tx(poolB, async (c) => {
      const latest = (await c.query(`SELECT version, data FROM ${S}.instance_data WHERE instance_id = $1 AND is_latest AND etag = $2 FOR UPDATE`, [id, etag])).rows[0];
      await c.query(`UPDATE ${S}.instance_data SET is_latest = false WHERE instance_id = $1 AND is_latest`, [id]);
      return (await c.query(`INSERT INTO ${S}.instance_data (instance_id, version, data) VALUES ($1, $2, $3) RETURNING etag`, [id, latest.version + 1, JSON.stringify({ ...latest.data, ...patch })])).rows[0].etag as string;
    });
  const handwritten = await runAll(async (i) => {
    const { id, etag } = await tx(poolB, async (c) => {
      const inst = (await c.query(`INSERT INTO ${S}.instances (key, flow_version, current_state) VALUES ($1, $2, $3) RETURNING *`, [`k${i}`, '1.2.0', 'collect-info'])).rows[0];
      const v = (await c.query(`INSERT INTO ${S}.instance_data (instance_id, version, data) VALUES ($1, 1, $2) RETURNING etag`, [inst.id, JSON.stringify(data(i))])).rows[0];
      return { id: inst.id as string, etag: v.etag as string };
    });
    await move(id, 'submit', 'kyc-check');
    const e2 = await update(id, etag, { riskScore: 1 });
    await move(id, 'request-info', 'collect-info');
    await update(id, e2, { riskScore: 2 });
    await move(id, 'submit', 'kyc-check');
    await poolB.query(`SELECT * FROM ${S}.instances WHERE id = $1`, [id]);
    await poolB.query(`SELECT * FROM ${S}.instance_data WHERE instance_id = $1 AND is_latest`, [id]);
    await poolB.query(`SELECT * FROM ${S}.instance_transitions WHERE instance_id = $1 ORDER BY id`, [id]);
  });
  await poolB.end();
  await b.drop();

  const rate = (ms: number) => (N / (ms / 1000)).toFixed(0);
  console.log(`client benchmark: ${N} instances, each start + 3 transitions + 2 data updates + 3 reads, ${CONCURRENCY} at a time`);
  console.log(`generated client  ${(generated / 1000).toFixed(2)} s  ${rate(generated)} instances/s`);
  console.log(`hand-written pg   ${(handwritten / 1000).toFixed(2)} s  ${rate(handwritten)} instances/s`);
  console.log(`throughput ratio  ${(handwritten / generated).toFixed(2)}x of hand-written`);
} finally {
  await server.stop();
  rmSync(pgDir, { recursive: true, force: true });
}
