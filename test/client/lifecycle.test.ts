import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../src/runtime/index.ts';
import { ROOT } from '../support/compile-dir.ts';
import { bootstrappedDatabase, type TestDomainDatabase } from '../support/domain-db.ts';
import { freshGenerated } from './fresh.ts';

type ClientModule = typeof import('../../generated/onboarding/flows/customer_onboarding/client.ts');
const CLIENT = 'onboarding/flows/customer_onboarding/client.ts';

function poolAs(url: string, max = 4): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {});
  return pool;
}

/**
 * Twice: the committed client, and one compiled from definitions/ in this
 * test (so that a codegen bug fails here, not only in a byte comparison).
 */
describe.each(['committed generated/', 'compiled now'])('generated client: customer-onboarding (%s)', (source) => {
  let db: TestDomainDatabase;
  let runtime: Runtime;
  let orchestration: pg.Pool;
  let execution: pg.Pool;
  let fresh: ReturnType<typeof freshGenerated> | undefined;
  let mod: ClientModule;
  let client: InstanceType<ClientModule['CustomerOnboardingClient']>;
  beforeAll(async () => {
    if (source === 'compiled now') fresh = freshGenerated();
    mod = await import(join(fresh?.dir ?? join(ROOT, 'generated'), CLIENT));
    db = await bootstrappedDatabase('client_lifecycle', 'onboarding');
    runtime = createRuntime({ domain: 'onboarding', connection: db.initUrl, generated: join(ROOT, 'generated') });
    await runtime.start();
    orchestration = poolAs(db.url('orchestration'), 25);
    execution = poolAs(db.url('execution'));
    client = new mod.CustomerOnboardingClient(orchestration, { ensureSchema: () => runtime.ensureFlowSchema('customer-onboarding') });
  });
  afterAll(async () => {
    await orchestration?.end();
    await execution?.end();
    await runtime?.close();
    await db?.drop();
    fresh?.remove();
  });

  const data = { customerId: '3f1c9c2e-0000-4000-8000-000000000001', email: 'ada@example.com', segment: 'sme' as const };

  it('start creates the schema on the first start, then the instance and its first data version', async () => {
    const { instance, data: v1 } = await client.start('c-1', data);
    expect(instance).toMatchObject({ key: 'c-1', flowVersion: '1.2.0', currentState: 'collect-info', status: 'active', completedAt: null });
    expect(v1).toMatchObject({ instanceId: instance.id, version: 1, isLatest: true, data });
    await expect(client.start('c-1', data)).rejects.toBeInstanceOf(mod.DuplicateKeyError);
    expect(await client.getByKey('c-1')).toEqual(instance);
  });

  it('updateData writes a new version with a new etag; a stale etag is refused and writes nothing', async () => {
    const instance = (await client.getByKey('c-1'))!;
    const v1 = (await client.data(instance.id))!;
    const v2 = await client.updateData(instance.id, { riskScore: 12 }, { etag: v1.etag });
    expect(v2).toMatchObject({ version: 2, isLatest: true, data: { ...data, riskScore: 12 } });
    expect(v2.etag).not.toBe(v1.etag);
    await expect(client.updateData(instance.id, { riskScore: 99 }, { etag: v1.etag })).rejects.toBeInstanceOf(mod.ConcurrencyError);
    expect((await client.dataVersions(instance.id)).map((v) => [v.version, v.isLatest, (v.data as { riskScore?: number }).riskScore ?? null])).toEqual([
      [1, false, null],
      [2, true, 12],
    ]);
  });

  it('20 concurrent updates with the same etag: exactly one wins', async () => {
    const { instance } = await client.start('c-race', { ...data, email: 'race@example.com' });
    const etag = (await client.data(instance.id))!.etag;
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => client.updateData(instance.id, { riskScore: i }, { etag })));
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof mod.ConcurrencyError).length).toBe(19);
    expect((await client.dataVersions(instance.id)).length).toBe(2);
  });

  it('transitions follow the definition to a final state; an invalid one is refused; history records each', async () => {
    const instance = (await client.getByKey('c-1'))!;
    await expect(client.transition(instance.id, 'approve')).rejects.toBeInstanceOf(mod.InvalidTransitionError);
    expect((await client.transition(instance.id, 'submit', { body: { by: 'ada' } })).currentState).toBe('kyc-check');
    expect((await client.transition(instance.id, 'request-info')).currentState).toBe('collect-info');
    await client.transition(instance.id, 'submit');
    const done = await client.transition(instance.id, 'approve');
    expect(done).toMatchObject({ currentState: 'approved', status: 'completed' });
    expect(done.completedAt).toBeInstanceOf(Date);
    await expect(client.transition(instance.id, 'reject')).rejects.toThrow(`instance ${instance.id} is in state 'approved', which has no transition 'reject'`);
    expect((await client.history(instance.id)).map((h) => [h.transition, h.fromState, h.toState, h.body])).toEqual([
      ['submit', 'collect-info', 'kyc-check', { by: 'ada' }],
      ['request-info', 'kyc-check', 'collect-info', null],
      ['submit', 'collect-info', 'kyc-check', null],
      ['approve', 'kyc-check', 'approved', null],
    ]);
  });

  it('concurrent transitions of one instance cannot both succeed', async () => {
    const { instance } = await client.start('c-concurrent', { ...data, email: 'concurrent@example.com' });
    const results = await Promise.allSettled([client.transition(instance.id, 'submit'), client.transition(instance.id, 'submit')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(mod.InvalidTransitionError);
    expect((await client.history(instance.id)).length).toBe(1);
  });

  it('works on a single pg Client as well as a Pool', async () => {
    const single = new pg.Client({ connectionString: db.url('orchestration') });
    await single.connect();
    try {
      const onOne = new mod.CustomerOnboardingClient(single);
      const { instance, data: v1 } = await onOne.start('c-single', { ...data, email: 'single@example.com' });
      await onOne.updateData(instance.id, { riskScore: 3 }, { etag: v1.etag });
      expect((await onOne.transition(instance.id, 'submit')).currentState).toBe('kyc-check');
      expect((await onOne.data(instance.id))?.version).toBe(2);
    } finally {
      await single.end();
    }
  });

  it('findBy uses the indexed data fields of the latest version (unique ones return one or none)', async () => {
    const instance = (await client.getByKey('c-1'))!;
    expect(await client.findByEmail('ada@example.com')).toEqual((await client.get(instance.id))!);
    expect(await client.findByEmail('nobody@example.com')).toBeUndefined();
    expect((await client.findByCustomerId(data.customerId)).map((i) => i.key)).toEqual(['c-1', 'c-race', 'c-concurrent', 'c-single']);
    expect((await client.findBySegment('sme')).length).toBe(4);
  });

  it('flow tables: insert, get, update, list with filters, delete', async () => {
    const instance = (await client.getByKey('c-1'))!;
    const doc = await client.documents.insert({ instanceId: instance.id, kind: 'passport', fileName: 'p.pdf', sizeBytes: '2048', checksum: 'a'.repeat(64) });
    expect(doc).toMatchObject({ instanceId: instance.id, kind: 'passport', fileName: 'p.pdf', sizeBytes: '2048', content: null, legacyCode: null });
    expect(await client.documents.get({ id: doc.id })).toEqual(doc);
    const updated = await client.documents.update({ id: doc.id }, { legacyCode: 'L-1' });
    expect(updated?.legacyCode).toBe('L-1');
    await client.documents.insert({ instanceId: instance.id, kind: 'selfie', fileName: 's.jpg', sizeBytes: '10', checksum: 'b'.repeat(64) });
    expect((await client.documents.list({ instanceId: instance.id, kind: 'selfie' })).map((d) => d.fileName)).toEqual(['s.jpg']);
    expect((await client.documents.list({ legacyCode: null })).map((d) => d.fileName)).toEqual(['s.jpg']);
    expect(await client.documents.delete({ id: doc.id })).toBe(true);
    expect(await client.documents.get({ id: doc.id })).toBeUndefined();
    expect((await client.riskRules.list({}, 2)).map((r) => r.code)).toEqual(['HIGH_RISK_COUNTRY', 'PEP']);
  });

  it('the execution client reads everything as the execution role, and PostgreSQL refuses its writes', async () => {
    const reader = new mod.CustomerOnboardingExecutionClient(execution);
    const instance = (await reader.getByKey('c-1'))!;
    expect(instance.currentState).toBe('approved');
    expect((await reader.history(instance.id)).length).toBe(4);
    expect((await reader.documents.list({ instanceId: instance.id })).length).toBe(1);
    expect(await reader.findByEmail('ada@example.com')).toEqual(instance);
    await expect(execution.query(`UPDATE customer_onboarding.instances SET status = 'faulted'`)).rejects.toMatchObject({ code: '42501' });
    await expect(execution.query(`INSERT INTO customer_onboarding.documents (instance_id, kind, file_name, size_bytes, checksum) VALUES ($1, 'selfie', 'x', 1, 'x')`, [instance.id])).rejects.toMatchObject({ code: '42501' });
    // Its type has no writes at all.
    expect('start' in reader).toBe(false);
  });
});
