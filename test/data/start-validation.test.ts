import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrl, dropDatabase } from '../../src/db/index.ts';
import { createRuntime, InvalidDataError, InvalidDataSchemaError, ManifestPathError, startInstance, type Runtime } from '../../src/runtime/index.ts';
import { flowschema } from '../support/cli.ts';
import { connect, serverUrl } from '../support/db.ts';
import { bootstrappedDatabase, passwordEnv, type TestDomainDatabase } from '../support/domain-db.ts';
import { DATA_PROJECT, freshGenerated } from '../client/fresh.ts';
import { FIELD_CASES, ISSUE_CASES, ISSUE_DOCUMENT_MESSAGE, issueDocument, validDocument } from './cases.ts';

/**
 * Data documents are checked against the flow's data.schema.json before
 * anything is written: by the runtime's startInstance and so by
 * `flowschema start --data`. Every data-field type with a valid, an invalid,
 * a missing and an extra value, the exact messages, and nothing written
 * (not even the flow's schema, when the first start is refused).
 */
const FLOW = 'typed-data';
const prefix = `invalid data for flow ${FLOW}: `;

describe('startInstance checks the data document against data.schema.json', () => {
  let fresh: ReturnType<typeof freshGenerated>;
  let db: TestDomainDatabase;
  let runtime: Runtime;
  let pool: pg.Pool;
  let admin: pg.Client;
  let n = 0;
  const count = async () => Number((await admin.query('SELECT count(*) AS n FROM typed_data.instance_data')).rows[0].n);
  const start = (data: unknown) => startInstance(runtime, pool, FLOW, `k-${++n}`, data);

  beforeAll(async () => {
    fresh = freshGenerated(DATA_PROJECT);
    db = await bootstrappedDatabase('data_start', 'dtypes');
    runtime = createRuntime({ domain: 'dtypes', connection: db.initUrl, generated: fresh.dir });
    pool = new pg.Pool({ connectionString: db.url('orchestration'), max: 2 });
    pool.on('error', () => {});
    admin = await connect(db.adminUrl);
  });
  afterAll(async () => {
    await pool?.end();
    await admin?.end();
    await runtime?.close();
    await db?.drop();
    fresh?.remove();
  });

  it('a refused first start writes nothing, not even the flow schema', async () => {
    await expect(start({})).rejects.toBeInstanceOf(InvalidDataError);
    expect((await admin.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'typed_data'`)).rows[0].n).toBe(0);
    // Not even the system schemas: the runtime never started.
    expect((await admin.query(`SELECT to_regclass('sys_schemas.registry') IS NULL AS none`)).rows[0].none).toBe(true);
    const first = await start(validDocument());
    expect(first).toMatchObject({ flow: FLOW, currentState: 'open', status: 'active' });
  });

  it('what PostgreSQL cannot store is refused anywhere in the document, and the text written is the text checked', async () => {
    const before = await count();
    let deep: unknown = 'bottom';
    for (let i = 0; i < 5000; i++) deep = [deep];
    const cases: [unknown, string][] = [
      [{ ...validDocument(), note: 'nul\u0000here' }, '/note: contains a NUL character (\\u0000), which PostgreSQL cannot store'],
      [{ ...validDocument(), undeclared: { 'ke\u0000y': 1 } }, '/undeclared/ke\u0000y: contains a NUL character (\\u0000), which PostgreSQL cannot store'],
      [{ ...validDocument(), undeclared: ['\ud800'] }, '/undeclared/0: contains an unpaired surrogate, which is not valid text'],
      [{ ...validDocument(), undeclared: deep }, `/undeclared${'/0'.repeat(99)}: is nested deeper than 100 levels`],
      [{ ...validDocument(), toJSON: () => ({ hacked: 1 }) }, expect.stringContaining('is required') as unknown as string],
    ];
    for (const [document, message] of cases) {
      const error = await start(document).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidDataError);
      expect((error as InvalidDataError).violations[0]!.pointer + ': ' + (error as InvalidDataError).violations[0]!.message).toEqual(message);
    }
    await expect(startInstance(runtime, pool, FLOW, '', validDocument())).rejects.toThrow(`an instance of flow ${FLOW} needs a key that is not empty`);
    expect(await count()).toBe(before);
  });

  it("the issue's documents are refused, each violation by JSON pointer", async () => {
    const before = await count();
    for (const [text, message] of ISSUE_CASES) {
      const error = await start(JSON.parse(text)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidDataError);
      expect((error as Error).message).toBe(`${prefix}${message}`);
    }
    const error = (await start(issueDocument()).catch((e: unknown) => e)) as InvalidDataError;
    expect(error.message).toBe(`${prefix}${ISSUE_DOCUMENT_MESSAGE}`);
    expect(error.violations).toEqual([
      { pointer: '/requestedAmount', message: 'must be a number' },
      { pointer: '/channel', message: 'must be one of "sms", "email", "push"' },
    ]);
    await expect(start(undefined)).rejects.toBeInstanceOf(InvalidDataError);
    await expect(start(null)).rejects.toThrow(`${prefix}: must be an object`);
    expect(await count()).toBe(before);
  });

  for (const c of FIELD_CASES) {
    it(`${c.field}: valid values are stored (indexed ones through their column), invalid and missing ones refused, extra properties kept`, async () => {
      const before = await count();
      let stored = 0;
      for (const value of [validDocument()[c.field], ...c.valid]) {
        const doc = { ...validDocument(), [c.field]: value };
        const started = await start(doc);
        stored++;
        const row = (await admin.query('SELECT data FROM typed_data.instance_data WHERE instance_id = $1', [started.id])).rows[0];
        expect(row.data[c.field], JSON.stringify(value)).toEqual(value);
      }
      for (const [value, violations] of c.invalid) {
        const error = (await start({ ...validDocument(), [c.field]: value }).catch((e: unknown) => e)) as InvalidDataError;
        expect(error, JSON.stringify(value)).toBeInstanceOf(InvalidDataError);
        expect(error.message).toBe(`${prefix}${violations.join('; ')}`);
      }
      const missing = validDocument();
      delete missing[c.field];
      await expect(start(missing)).rejects.toThrow(`${prefix}${c.pointer}: is required`);
      const extra = await start({ ...validDocument(), [`${c.field}Extra`]: [1, { deep: true }] });
      stored++;
      expect((await admin.query('SELECT data FROM typed_data.instance_data WHERE instance_id = $1', [extra.id])).rows[0].data[`${c.field}Extra`]).toEqual([1, { deep: true }]);
      expect(await count()).toBe(before + stored);
    });
  }

  it('an edited data.schema.json is refused, and so is a link out of the domain folder: nothing is checked against them, nothing written', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'flowschema-data-schema-'));
    try {
      cpSync(fresh.dir, copy, { recursive: true });
      const file = join(copy, 'dtypes/flows/typed_data/data.schema.json');
      const text = readFileSync(file, 'utf8');
      writeFileSync(file, text.replace('"aText": {"type":"string"}', '"aText": {"type":"string","pattern":"^(a+)+$"}'));
      const edited = createRuntime({ domain: 'dtypes', connection: db.initUrl, generated: copy });
      try {
        const before = await count();
        await expect(startInstance(edited, pool, FLOW, 'k-edited', validDocument())).rejects.toBeInstanceOf(InvalidDataSchemaError);
        await expect(startInstance(edited, pool, FLOW, 'k-edited', validDocument())).rejects.toThrow(`${file}: property "aText" has keyword "pattern", which flowschema does not write: not what flowschema writes; run flowschema compile`);
        rmSync(file);
        const gone = createRuntime({ domain: 'dtypes', connection: db.initUrl, generated: copy });
        await expect(startInstance(gone, pool, FLOW, 'k-gone', validDocument())).rejects.toThrow(`${file}: is missing: run flowschema compile`);
        await gone.close();
        const outside = join(copy, 'outside.json');
        writeFileSync(outside, text);
        symlinkSync(outside, file);
        const linked = createRuntime({ domain: 'dtypes', connection: db.initUrl, generated: copy });
        await expect(startInstance(linked, pool, FLOW, 'k-link', validDocument())).rejects.toBeInstanceOf(ManifestPathError);
        await linked.close();
        expect(await count()).toBe(before);
      } finally {
        await edited.close();
      }
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('flowschema start --data (DATABASE_URL)', () => {
  let project: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'flowschema-cli-data-'));
    cpSync(join(DATA_PROJECT, 'definitions'), join(project, 'definitions'), { recursive: true });
    expect(flowschema(['compile'], project).status).toBe(0);
    env = { DATABASE_URL: serverUrl(), ...passwordEnv(['dtypes']) };
    await dropDatabase(serverUrl(), 'dtypes_db');
    await dropDatabase(serverUrl(), 'dtypes_drift');
  });
  afterAll(async () => {
    await dropDatabase(serverUrl(), 'dtypes_db');
    await dropDatabase(serverUrl(), 'dtypes_drift');
    rmSync(project, { recursive: true, force: true });
  });

  it("the issue's documents exit 1 with every violation on one line, and nothing is stored; a valid one is", async () => {
    const runs: (readonly [string, string])[] = [...ISSUE_CASES, [JSON.stringify(issueDocument()), ISSUE_DOCUMENT_MESSAGE]];
    const bad = { ...validDocument(), aVarchar: 'abcdef', anInet: 'localhost', 'a/b~c': 1, counts: [0.5] };
    runs.push([JSON.stringify(bad), '/aVarchar: must be at most 5 characters long; /anInet: must be an IPv4 or IPv6 address, with an optional /prefix; /counts/0: must be an integer; /a~1b~0c: must be a string']);
    for (const [data, message] of runs) {
      const run = flowschema(['start', FLOW, '--key', 'k-bad', '--data', data], project, env);
      expect({ status: run.status, stderr: run.stderr, stdout: run.stdout }, data).toEqual({ status: 1, stderr: `flowschema: ${prefix}${message}\n`, stdout: '' });
    }
    // Nothing was written: not even the flow's schema.
    const admin = await connect(databaseUrl(serverUrl(), 'dtypes_db'));
    try {
      expect((await admin.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'typed_data'`)).rows[0].n).toBe(0);
    } finally {
      await admin.end();
    }
    const doc = { ...validDocument(), bogus: 1 };
    const ok = flowschema(['start', FLOW, '--key', 'k-good', '--data', JSON.stringify(doc)], project, env);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ key: 'k-good', flow: FLOW, currentState: 'open', data: doc });
  });
});
