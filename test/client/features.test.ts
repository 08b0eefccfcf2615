import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, InvalidDataError as RuntimeInvalidDataError, type Runtime } from '../../src/runtime/index.ts';
import { validateData, type DataSchema } from '../../src/artifacts/data-schema.ts';
import { ROOT } from '../support/compile-dir.ts';
import { connect } from '../support/db.ts';
import { bootstrappedDatabase, type TestDomainDatabase } from '../support/domain-db.ts';
import { FIELD_CASES, ISSUE_CASES, ISSUE_DOCUMENT_MESSAGE, issueDocument, validDocument } from '../data/cases.ts';
import { DATA_PROJECT, freshGenerated } from './fresh.ts';

type ClientModule = typeof import('../../generated/onboarding/flows/customer_onboarding/client.ts');
const CLIENT = 'onboarding/flows/customer_onboarding/client.ts';

/**
 * What the client does besides start/update/transition: lists by state and
 * status with keyset pages and counts, limits, cancel and fault, a
 * transition that writes data under its etag, and the data checks before
 * every write. Against the committed client and one compiled in this test.
 */
describe.each(['committed generated/', 'compiled now'])('client features: customer-onboarding (%s)', (source) => {
  let db: TestDomainDatabase;
  let runtime: Runtime;
  let pool: pg.Pool;
  let fresh: ReturnType<typeof freshGenerated> | undefined;
  let mod: ClientModule;
  let client: InstanceType<ClientModule['CustomerOnboardingClient']>;
  const data = (email: string) => ({ customerId: '3f1c9c2e-0000-4000-8000-0000000000aa', email, segment: 'retail' as const });
  const keys = (instances: readonly { key: string }[]) => instances.map((i) => i.key);

  beforeAll(async () => {
    if (source === 'compiled now') fresh = freshGenerated();
    const generated = fresh?.dir ?? join(ROOT, 'generated');
    mod = await import(join(generated, CLIENT));
    db = await bootstrappedDatabase('client_features', 'onboarding');
    runtime = createRuntime({ domain: 'onboarding', connection: db.initUrl, generated });
    pool = new pg.Pool({ connectionString: db.url('orchestration'), max: 4 });
    pool.on('error', () => {});
    client = new mod.CustomerOnboardingClient(pool, { ensureSchema: () => runtime.ensureFlowSchema('customer-onboarding') });
  });
  afterAll(async () => {
    await pool?.end();
    await runtime?.close();
    await db?.drop();
    fresh?.remove();
  });

  it('start refuses a document DATA_SCHEMA refuses, with every violation, before anything (the flow schema included) is written', async () => {
    let ensured = 0;
    const checking = new mod.CustomerOnboardingClient(pool, { ensureSchema: async () => void ensured++ });
    const bad = { customerId: 'nope', email: 5, segment: 'enterprise', extra: true } as never;
    const error = (await checking.start('bad', bad).catch((e: unknown) => e)) as InstanceType<ClientModule['InvalidDataError']>;
    expect(error).toBeInstanceOf(mod.InvalidDataError);
    expect(error.message).toBe('invalid data for flow customer-onboarding: /customerId: must be a UUID (8-4-4-4-12 hexadecimal digits); /email: must be a string; /segment: must be one of "retail", "sme", "corporate"');
    expect(error.violations.map((v) => v.pointer)).toEqual(['/customerId', '/email', '/segment']);
    await expect(checking.start('bad', {} as never)).rejects.toThrow('invalid data for flow customer-onboarding: /customerId: is required; /email: is required; /segment: is required');
    await expect(checking.start('bad', [] as never)).rejects.toThrow('invalid data for flow customer-onboarding: : must be an object');
    expect(ensured).toBe(0);
    expect(mod.validateData({ ...data('x@example.com'), riskScore: 1.5, birthDate: '2024-02-30' })).toEqual([
      { pointer: '/riskScore', message: 'must be an integer' },
      { pointer: '/birthDate', message: 'must be a date as YYYY-MM-DD' },
    ]);
  });

  it('list: by state and status, oldest first, in keyset pages that stay right while instances are added; count agrees', async () => {
    const started: string[] = [];
    for (let i = 0; i < 7; i++) started.push((await client.start(`list-${i}`, data(`list-${i}@example.com`))).instance.id);
    // Five more in one transaction: one created_at, so only the id orders them.
    await client.transaction(async (tx) => {
      for (let i = 7; i < 12; i++) started.push((await tx.start(`list-${i}`, data(`list-${i}@example.com`))).instance.id);
    });
    for (const id of started.slice(0, 4)) await client.transition(id, 'submit');
    await client.cancel(started[4]!);

    const all = await client.list();
    expect(all.next).toBeUndefined();
    expect(all.instances.length).toBe(12);
    expect(await client.count()).toBe(12);
    expect(keys((await client.list({ state: 'kyc-check' })).instances)).toEqual(['list-0', 'list-1', 'list-2', 'list-3']);
    expect(await client.count({ state: 'kyc-check' })).toBe(4);
    expect(await client.count({ state: 'collect-info', status: 'active' })).toBe(7);
    expect(await client.count({ status: ['cancelled', 'faulted'] })).toBe(1);
    expect(keys((await client.list({ status: 'cancelled' })).instances)).toEqual(['list-4']);
    expect(await client.count({ state: [] })).toBe(0);

    const seen: string[] = [];
    let page = await client.list({ state: ['collect-info', 'kyc-check'] }, { limit: 5 });
    seen.push(...keys(page.instances));
    // Added between pages: it sorts last and shows up on the last page.
    await client.start('list-late', data('late@example.com'));
    while (page.next) {
      page = await client.list({ state: ['collect-info', 'kyc-check'] }, { limit: 5, after: page.next });
      expect(page.instances.length).toBeLessThanOrEqual(5);
      seen.push(...keys(page.instances));
    }
    // The five of one transaction share a created_at: their ids order them.
    const sameTime = started.slice(7).map((id, i) => [id, `list-${i + 7}`]).sort(([a], [b]) => (a! < b! ? -1 : 1)).map(([, key]) => key);
    expect(seen).toEqual([...Array.from({ length: 7 }, (_, i) => `list-${i}`), ...sameTime, 'list-late']);
    expect(Object.keys(page.instances[0]!).sort()).toEqual(['completedAt', 'createdAt', 'currentState', 'flowVersion', 'id', 'key', 'status', 'updatedAt']);
    await expect(client.list({}, { after: 'bogus' })).rejects.toThrow("'bogus' is not a cursor that list() gave");
    await expect(client.list({}, { limit: 0 })).rejects.toThrow('limit must be a whole number of at least 1, not 0');
  });

  it('findBy (not unique) and history take a limit', async () => {
    expect((await client.findByCustomerId('3f1c9c2e-0000-4000-8000-0000000000aa')).length).toBe(13);
    expect(keys(await client.findByCustomerId('3f1c9c2e-0000-4000-8000-0000000000aa', { limit: 2 }))).toEqual(['list-0', 'list-1']);
    expect((await client.findBySegment('retail', { limit: 3 })).length).toBe(3);
    const id = (await client.getByKey('list-0'))!.id;
    await client.transition(id, 'request-info');
    await client.transition(id, 'submit');
    expect((await client.history(id)).map((h) => h.transition)).toEqual(['submit', 'request-info', 'submit']);
    expect((await client.history(id, { limit: 2 })).map((h) => h.transition)).toEqual(['submit', 'request-info']);
    await expect(client.history(id, { limit: 1.5 })).rejects.toBeInstanceOf(RangeError);
  });

  it('cancel and fault end an active instance only; an ended instance takes no transition', async () => {
    const a = (await client.start('end-a', data('end-a@example.com'))).instance;
    const cancelled = await client.cancel(a.id);
    expect(cancelled).toMatchObject({ id: a.id, status: 'cancelled', currentState: 'collect-info' });
    expect(cancelled.completedAt).toBeInstanceOf(Date);
    await expect(client.cancel(a.id)).rejects.toThrow(`instance ${a.id} is cancelled, not active: cancel refused`);
    await expect(client.fault(a.id)).rejects.toBeInstanceOf(mod.InstanceNotActiveError);
    await expect(client.transition(a.id, 'submit')).rejects.toThrow(`instance ${a.id} is cancelled, not active: transition 'submit' refused`);
    expect(await client.history(a.id)).toEqual([]);

    const b = (await client.start('end-b', data('end-b@example.com'))).instance;
    expect(await client.fault(b.id)).toMatchObject({ status: 'faulted' });
    const c = (await client.start('end-c', data('end-c@example.com'))).instance;
    await client.transition(c.id, 'submit');
    await client.transition(c.id, 'approve');
    await expect(client.fault(c.id)).rejects.toThrow(`instance ${c.id} is completed, not active: fault refused`);
    await expect(client.cancel('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(mod.NotFoundError);
  });

  it('a transition can write a data version under the etag in the same step; a stale etag or refused data writes nothing', async () => {
    const { instance, data: v1 } = await client.start('step', data('step@example.com'));
    const stale = await client.updateData(instance.id, { riskScore: 1 }, { etag: v1.etag });
    const state = async () => ({ instance: await client.get(instance.id), versions: (await client.dataVersions(instance.id)).length, history: (await client.history(instance.id)).length });
    const before = await state();
    await expect(client.transition(instance.id, 'submit', { data: { riskScore: 5 }, etag: v1.etag })).rejects.toBeInstanceOf(mod.ConcurrencyError);
    await expect(client.transition(instance.id, 'submit', { etag: v1.etag })).rejects.toBeInstanceOf(mod.ConcurrencyError);
    await expect(client.transition(instance.id, 'submit', { data: { riskScore: 5.5 }, etag: stale.etag })).rejects.toThrow('invalid data for flow customer-onboarding: /riskScore: must be an integer');
    await expect(client.transition(instance.id, 'submit', { data: { riskScore: 5 } } as never)).rejects.toThrow('transition() with data needs the etag of the latest data version');
    await expect(client.transition(instance.id, 'submit', { by: 'x' } as never)).rejects.toThrow('transition() takes { body?, data?, etag? } as its third argument');
    expect(await state()).toEqual(before);

    const moved = await client.transition(instance.id, 'submit', { body: { note: 'with data' }, data: { riskScore: 5 }, etag: stale.etag });
    expect(moved.instance).toMatchObject({ currentState: 'kyc-check' });
    expect(moved.data).toMatchObject({ version: 3, isLatest: true, data: { ...data('step@example.com'), riskScore: 5 } });
    expect((await client.history(instance.id)).map((h) => h.body)).toEqual([{ note: 'with data' }]);
    // An etag alone guards the transition without writing data.
    const guarded = await client.transition(instance.id, 'request-info', { etag: moved.data.etag });
    expect(guarded.currentState).toBe('collect-info');
    expect((await client.dataVersions(instance.id)).length).toBe(3);
  });

  it('updateData checks the merged document', async () => {
    const { instance, data: v1 } = await client.start('merge', data('merge@example.com'));
    await expect(client.updateData(instance.id, { segment: 'enterprise' as never, riskScore: 'high' as never }, { etag: v1.etag })).rejects.toThrow(
      'invalid data for flow customer-onboarding: /riskScore: must be an integer; /segment: must be one of "retail", "sme", "corporate"',
    );
    // Removing a required field (undefined drops it, as JSON.stringify does) is refused too.
    await expect(client.updateData(instance.id, { email: undefined as never }, { etag: v1.etag })).rejects.toThrow('invalid data for flow customer-onboarding: /email: is required');
    expect((await client.dataVersions(instance.id)).length).toBe(1);
    const v2 = await client.updateData(instance.id, { birthDate: '1990-05-17', extra: { kept: true } } as never, { etag: v1.etag });
    expect(v2.data).toMatchObject({ birthDate: '1990-05-17', extra: { kept: true } });
  });
});

/** The client of typed-data (test/data/definitions), compiled in the test: every data-field type through start and updateData; date and numeric columns. */
describe('client data checks of every data-field type, date and numeric columns (typed-data, compiled now)', () => {
  let db: TestDomainDatabase;
  let runtime: Runtime;
  let pool: pg.Pool;
  let fresh: ReturnType<typeof freshGenerated>;
  let mod: Record<string, any>;
  let client: Record<string, any>;
  let admin: pg.Client;
  let n = 0;
  const count = async () => Number((await admin.query('SELECT count(*) AS n FROM typed_data.instance_data')).rows[0].n);
  const prefix = 'invalid data for flow typed-data: ';

  beforeAll(async () => {
    fresh = freshGenerated(DATA_PROJECT);
    mod = await import(join(fresh.dir, 'dtypes/flows/typed_data/client.ts'));
    db = await bootstrappedDatabase('client_typed', 'dtypes');
    runtime = createRuntime({ domain: 'dtypes', connection: db.initUrl, generated: fresh.dir });
    // A session time zone far from UTC: dates must come back as they were written.
    pool = new pg.Pool({ connectionString: db.url('orchestration'), max: 2, options: '-c TimeZone=Pacific/Kiritimati' });
    pool.on('error', () => {});
    client = new mod.TypedDataClient(pool, { ensureSchema: () => runtime.ensureFlowSchema('typed-data') });
    await client.start('first', validDocument());
    admin = await connect(db.adminUrl);
  });
  afterAll(async () => {
    await admin?.end();
    await pool?.end();
    await runtime?.close();
    await db?.drop();
    fresh?.remove();
  });

  it("the issue's documents: the same messages as the runtime's", async () => {
    const schema = mod.DATA_SCHEMA as DataSchema;
    for (const [text, message] of ISSUE_CASES) {
      await expect(client.start(`k-${++n}`, JSON.parse(text))).rejects.toThrow(`${prefix}${message}`);
      expect(new RuntimeInvalidDataError('typed-data', validateData(schema, JSON.parse(text))).message).toBe(`${prefix}${message}`);
    }
    await expect(client.start(`k-${++n}`, issueDocument())).rejects.toThrow(`${prefix}${ISSUE_DOCUMENT_MESSAGE}`);
  });

  for (const c of FIELD_CASES) {
    it(`${c.field}: start and updateData store valid values, refuse invalid and missing ones, keep extra properties`, async () => {
      const before = await count();
      let written = 0;
      for (const value of c.valid) {
        await client.start(`k-${++n}`, { ...validDocument(), [c.field]: value });
        written++;
      }
      for (const [value, violations] of c.invalid) {
        const error = await client.start(`k-${++n}`, { ...validDocument(), [c.field]: value }).catch((e: unknown) => e);
        expect(error, JSON.stringify(value)).toBeInstanceOf(mod.InvalidDataError);
        expect((error as Error).message).toBe(`${prefix}${violations.join('; ')}`);
      }
      const missing = validDocument();
      delete missing[c.field];
      await expect(client.start(`k-${++n}`, missing)).rejects.toThrow(`${prefix}${c.pointer}: is required`);
      const { instance, data: v1 } = await client.start(`k-${++n}`, { ...validDocument(), [`${c.field}Extra`]: 1 });
      written++;
      for (const [value, violations] of c.invalid) await expect(client.updateData(instance.id, { [c.field]: value }, { etag: v1.etag })).rejects.toThrow(`${prefix}${violations.join('; ')}`);
      await expect(client.updateData(instance.id, { [c.field]: undefined }, { etag: v1.etag })).rejects.toThrow(`${prefix}${c.pointer}: is required`);
      for (const value of c.valid.slice(0, 1)) {
        const v2 = await client.updateData(instance.id, { [c.field]: value }, { etag: v1.etag });
        written++;
        expect(v2.data[c.field]).toEqual(value);
        expect(v2.data[`${c.field}Extra`]).toBe(1);
      }
      expect(await count()).toBe(before + written);
    });
  }

  it("date columns come back as the 'YYYY-MM-DD' they were written, in any session time zone; numeric and bigint columns take numbers or strings", async () => {
    const { instance } = await client.start(`k-${++n}`, validDocument());
    const row = await client.attachments.insert({ id: 1, instanceId: instance.id, fileName: 'a.pdf', amount: 12.5, dueOn: '2024-02-29', days: ['2024-01-01', '1999-12-31'] });
    expect(row).toMatchObject({ id: '1', amount: '12.50', dueOn: '2024-02-29', days: ['2024-01-01', '1999-12-31'] });
    expect(await client.attachments.get({ id: 1 })).toEqual(row);
    expect(await client.attachments.get({ id: '1' })).toEqual(row);
    expect((await client.attachments.update({ id: 1 }, { amount: '7.25', dueOn: '2025-01-01' }))).toMatchObject({ amount: '7.25', dueOn: '2025-01-01' });
    expect((await client.attachments.list({ dueOn: '2025-01-01', amount: 7.25 })).map((r: { id: string }) => r.id)).toEqual(['1']);
    expect((await pool.query(`SELECT due_on::text AS d FROM typed_data.attachments`)).rows).toEqual([{ d: '2025-01-01' }]);
  });
});
