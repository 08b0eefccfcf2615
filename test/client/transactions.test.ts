import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../src/runtime/index.ts';
import { ROOT } from '../support/compile-dir.ts';
import { bootstrappedDatabase, type TestDomainDatabase } from '../support/domain-db.ts';
import { freshGenerated } from './fresh.ts';

type ClientModule = typeof import('../../generated/onboarding/flows/customer_onboarding/client.ts');
const CLIENT = 'onboarding/flows/customer_onboarding/client.ts';

/** Every statement text sent on `c` until `stop()` (which gives the connection its own query back). */
function record(c: pg.PoolClient | pg.Client): { readonly seen: string[]; stop(): void } {
  const seen: string[] = [];
  const original = c.query;
  (c as { query: unknown }).query = (config: string | { text: string }, ...rest: unknown[]) => {
    seen.push(typeof config === 'string' ? config : config.text);
    return (original as (...args: unknown[]) => unknown).call(c, config, ...rest);
  };
  return { seen, stop: () => delete (c as { query?: unknown }).query };
}

const controls = (seen: readonly string[]) => seen.filter((s) => /^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/.test(s));

/**
 * The client inside someone else's transaction: on a connection the caller
 * gives, the client never commits (savepoints inside the caller's
 * transaction, its own transaction only outside one), so the caller's
 * ROLLBACK undoes the client's work; transaction() composes a transition
 * and a flow-table insert atomically. Against the committed client and one
 * compiled in this test.
 */
describe.each(['committed generated/', 'compiled now'])('client transactions: customer-onboarding (%s)', (source) => {
  let db: TestDomainDatabase;
  let runtime: Runtime;
  let pool: pg.Pool;
  let fresh: ReturnType<typeof freshGenerated> | undefined;
  let mod: ClientModule;
  let client: InstanceType<ClientModule['CustomerOnboardingClient']>;
  const data = (email: string) => ({ customerId: '3f1c9c2e-0000-4000-8000-000000000001', email, segment: 'sme' as const });
  const counts = async () => {
    const r = await pool.query(`SELECT (SELECT count(*) FROM customer_onboarding.instances)::int AS instances, (SELECT count(*) FROM customer_onboarding.instance_data)::int AS versions,
      (SELECT count(*) FROM customer_onboarding.instance_transitions)::int AS transitions, (SELECT count(*) FROM customer_onboarding.documents)::int AS documents`);
    return r.rows[0] as { instances: number; versions: number; transitions: number; documents: number };
  };
  const document = (instanceId: string, fileName: string) => ({ instanceId, kind: 'passport' as const, fileName, sizeBytes: 10, checksum: 'c'.repeat(64) });

  beforeAll(async () => {
    if (source === 'compiled now') fresh = freshGenerated();
    const generated = fresh?.dir ?? join(ROOT, 'generated');
    mod = await import(join(generated, CLIENT));
    db = await bootstrappedDatabase('client_tx', 'onboarding');
    runtime = createRuntime({ domain: 'onboarding', connection: db.initUrl, generated });
    await runtime.ensureFlowSchema('customer-onboarding');
    pool = new pg.Pool({ connectionString: db.url('orchestration'), max: 4 });
    pool.on('error', () => {});
    client = new mod.CustomerOnboardingClient(pool);
  });
  afterAll(async () => {
    await pool?.end();
    await runtime?.close();
    await db?.drop();
    fresh?.remove();
  });

  it("the caller's ROLLBACK undoes everything the client did on its connection: the client sent no BEGIN or COMMIT", async () => {
    const before = await counts();
    const c = await pool.connect();
    const log = record(c);
    try {
      await c.query('BEGIN');
      const inTx = new mod.CustomerOnboardingClient(c);
      const { instance, data: v1 } = await inTx.start('tx-rolled-back', data('rolled@example.com'));
      await inTx.updateData(instance.id, { riskScore: 4 }, { etag: v1.etag });
      await inTx.transition(instance.id, 'submit');
      await inTx.documents.insert(document(instance.id, 'a.pdf'));
      expect(await inTx.getByKey('tx-rolled-back')).toMatchObject({ currentState: 'kyc-check' });
      await c.query('ROLLBACK');
    } finally {
      log.stop();
      c.release();
    }
    expect(await client.getByKey('tx-rolled-back')).toBeUndefined();
    expect(await counts()).toEqual(before);
    expect(controls(log.seen)).toEqual([
      'BEGIN',
      // start, updateData, transition, the insert and the read: each in a savepoint of the caller's transaction
      ...Array(5).fill(['SAVEPOINT flowschema_client', 'RELEASE SAVEPOINT flowschema_client']).flat(),
      'ROLLBACK',
    ]);
  });

  it("the caller's COMMIT keeps it; a failed client call inside the caller's transaction is undone alone, and the transaction goes on", async () => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const inTx = new mod.CustomerOnboardingClient(c);
      const { instance, data: v1 } = await inTx.start('tx-committed', data('committed@example.com'));
      // Fails after its first statement (the lock): rolled back to its savepoint, the caller's work stays.
      await expect(inTx.updateData(instance.id, { riskScore: 1 }, { etag: '00000000-0000-4000-8000-000000000000' })).rejects.toBeInstanceOf(mod.ConcurrencyError);
      await expect(inTx.start('tx-committed', data('other@example.com'))).rejects.toBeInstanceOf(mod.DuplicateKeyError);
      await expect(inTx.transition(instance.id, 'approve')).rejects.toBeInstanceOf(mod.InvalidTransitionError);
      await inTx.updateData(instance.id, { riskScore: 2 }, { etag: v1.etag });
      await c.query('COMMIT');
    } finally {
      c.release();
    }
    const instance = (await client.getByKey('tx-committed'))!;
    expect((await client.dataVersions(instance.id)).map((v) => [v.version, v.data.riskScore])).toEqual([
      [1, undefined],
      [2, 2],
    ]);
  });

  it('transaction(): a transition and a flow-table insert commit together, or roll back together when the work throws', async () => {
    const { instance } = await client.start('tx-compose', data('compose@example.com'));
    const before = await counts();
    await expect(
      mod.transaction(pool, async (tx) => {
        const inTx = new mod.CustomerOnboardingClient(tx);
        await inTx.transition(instance.id, 'submit', { body: { by: 'compose' } });
        await inTx.documents.insert(document(instance.id, 'rolled-back.pdf'));
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    expect(await counts()).toEqual(before);
    expect((await client.get(instance.id))!.currentState).toBe('collect-info');

    const result = await mod.transaction(pool, async (tx) => {
      const inTx = new mod.CustomerOnboardingClient(tx);
      const moved = await inTx.transition(instance.id, 'submit', { body: { by: 'compose' } });
      const doc = await inTx.documents.insert(document(instance.id, 'kept.pdf'));
      return { moved, doc };
    });
    expect(result.moved.currentState).toBe('kyc-check');
    expect(await counts()).toEqual({ ...before, transitions: before.transitions + 1, documents: before.documents + 1 });
    expect((await client.documents.list({ instanceId: instance.id })).map((d) => d.fileName)).toEqual(['kept.pdf']);
  });

  it('client.transaction(): the same through a client bound to the transaction; nested transaction() calls are savepoints', async () => {
    const { instance } = await client.start('tx-method', data('method@example.com'));
    const before = await counts();
    await expect(
      client.transaction(async (tx) => {
        await tx.transition(instance.id, 'submit');
        await tx.documents.insert(document(instance.id, 'x.pdf'));
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await counts()).toEqual(before);

    await client.transaction(async (tx, connection) => {
      await tx.transition(instance.id, 'submit');
      // An inner transaction that fails is undone alone; the outer one goes on.
      await expect(
        mod.transaction(connection, async (inner) => {
          await new mod.CustomerOnboardingClient(inner).documents.insert(document(instance.id, 'inner.pdf'));
          throw new Error('inner');
        }),
      ).rejects.toThrow('inner');
      await tx.documents.insert(document(instance.id, 'outer.pdf'));
    });
    expect((await client.documents.list({ instanceId: instance.id })).map((d) => d.fileName)).toEqual(['outer.pdf']);
    expect((await client.get(instance.id))!.currentState).toBe('kyc-check');
  });

  it('on a connection outside any transaction the client runs its own (the connection says it is idle: BEGIN … COMMIT)', async () => {
    const single = new pg.Client({ connectionString: db.url('orchestration') });
    await single.connect();
    const log = record(single);
    try {
      const onOne = new mod.CustomerOnboardingClient(single);
      const { instance } = await onOne.start('tx-single', data('single@example.com'));
      await expect(onOne.transition(instance.id, 'approve')).rejects.toBeInstanceOf(mod.InvalidTransitionError);
      expect(controls(log.seen)).toEqual(['BEGIN', 'COMMIT', 'BEGIN', 'ROLLBACK']);
      expect((await single.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    } finally {
      log.stop();
      await single.end();
    }
    expect(await client.getByKey('tx-single')).toMatchObject({ currentState: 'collect-info' });
  });

  it("every other call inside the caller's transaction runs in a savepoint too: a bad id, a violated check or an unknown column leaves the transaction usable", async () => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const onTx = new mod.CustomerOnboardingClient(c);
      const { instance } = await onTx.start('tx-errors', data('errors@example.com'));
      await expect(onTx.cancel('not-a-uuid')).rejects.toMatchObject({ code: '22P02' });
      await expect(onTx.get('not-a-uuid')).rejects.toMatchObject({ code: '22P02' });
      await expect(onTx.documents.insert({ ...document(instance.id, 'a.pdf'), sizeBytes: -1 })).rejects.toMatchObject({ code: '23514' });
      await expect(onTx.documents.list({ toString: 'x' } as never)).rejects.toThrow('documents has no column toString');
      await expect(onTx.documents.insert({ ...document(instance.id, 'b.pdf'), constructor: 'x' } as never)).rejects.toThrow('documents has no column constructor');
      expect((await c.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
      expect((await onTx.documents.insert(document(instance.id, 'c.pdf'))).fileName).toBe('c.pdf');
      await c.query('COMMIT');
    } finally {
      c.release();
    }
    expect((await client.getByKey('tx-errors'))?.key).toBe('tx-errors');
  });

  it('an inherited property is never a column, even when another part of the process polluted Object.prototype', async () => {
    (Object.prototype as Record<string, unknown>).pwn = '"file_name" IS NOT NULL OR "file_name"';
    try {
      await expect(client.documents.list({ pwn: 'NOPE' } as never)).rejects.toThrow('documents has no column pwn');
    } finally {
      delete (Object.prototype as Record<string, unknown>).pwn;
    }
  });

  it('on a Pool each write is its own transaction on a checked-out connection', async () => {
    const logs = new Map<pg.PoolClient, ReturnType<typeof record>>();
    let checkouts = 0;
    const connect = pool.connect.bind(pool);
    (pool as { connect: unknown }).connect = async () => {
      const c = await connect();
      checkouts++;
      if (!logs.has(c)) logs.set(c, record(c));
      return c;
    };
    try {
      const { instance } = await client.start('tx-pool', data('pool@example.com'));
      await expect(client.transition(instance.id, 'approve')).rejects.toBeInstanceOf(mod.InvalidTransitionError);
    } finally {
      delete (pool as { connect?: unknown }).connect;
      for (const log of logs.values()) log.stop();
    }
    expect(checkouts).toBe(2);
    expect([...logs.values()].flatMap((l) => controls(l.seen)).sort()).toEqual(['BEGIN', 'BEGIN', 'COMMIT', 'ROLLBACK']);
    expect(pool.totalCount - pool.idleCount).toBe(0);
  });
});
