import { isIP } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../../src/cli/files.ts';
import { dataSchemaOf, dataSchemaProblem, exampleDocument, validateData, violationsText, type DataSchema } from '../../src/artifacts/data-schema.ts';
import { isLayoutPath, isOwnedPath, layout } from '../../src/artifacts/layout.ts';
import { readTree } from '../../src/cli/files.ts';
import { compileStream } from '../../src/compile.ts';
import { InvalidDataError } from '../../src/runtime/index.ts';
import { compileDir, ROOT } from '../support/compile-dir.ts';
import { DATA_PROJECT, freshGenerated } from '../client/fresh.ts';
import { FIELD_CASES, ISSUE_CASES, ISSUE_DOCUMENT_MESSAGE, issueDocument, validDocument } from './cases.ts';

/**
 * The data document's JSON Schema (data.schema.json) and its checker: the
 * schema each data-field type compiles to, the exact violations, the
 * generated client's checker giving exactly the runtime's, a standard
 * validator (Ajv) agreeing with both, and the file's place in the layout
 * and the compile cache.
 */
const typed = compileDir(DATA_PROJECT);
const typedFlow = typed.model!.domains.flatMap((d) => d.flows).find((f) => f.key === 'typed-data')!;
const schema = dataSchemaOf(typedFlow);
const check = (doc: unknown) => validateData(schema, doc).map((v) => `${v.pointer}: ${v.message}`);
const withValue = (field: string, value: unknown) => ({ ...validDocument(), [field]: value });
const without = (field: string) => Object.fromEntries(Object.entries(validDocument()).filter(([k]) => k !== field));

describe('data.schema.json: what each data-field type compiles to', () => {
  it('typed-data: draft-07, every type, required and optional fields, extra properties allowed', () => {
    expect(typed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const file = JSON.parse(typed.files!.get(layout.dataSchema('dtypes', 'typed_data'))!);
    expect(file).toEqual(schema);
    expect(file).toEqual({
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: 'typed-data instance data',
      type: 'object',
      properties: {
        aText: { type: 'string' },
        aVarchar: { type: 'string', maxLength: 5 },
        aChar: { type: 'string', maxLength: 3 },
        aSmallint: { type: 'integer', minimum: -32768, maximum: 32767 },
        anInteger: { type: 'integer', minimum: -2147483648, maximum: 2147483647 },
        aBigint: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 },
        requestedAmount: { type: 'number', exclusiveMinimum: -10000, exclusiveMaximum: 10000, multipleOf: 0.01 },
        aWhole: { type: 'integer', exclusiveMinimum: -10000, exclusiveMaximum: 10000 },
        anyNumeric: { type: 'number' },
        aReal: { type: 'number', minimum: -3.4028234663852886e38, maximum: 3.4028234663852886e38 },
        aDouble: { type: 'number' },
        aBoolean: { type: 'boolean' },
        aDate: { type: 'string', format: 'date' },
        aTime: { type: 'string', format: 'iso-time' },
        aTimestamp: { type: 'string', format: 'iso-date-time' },
        aTimestamptz: { type: 'string', format: 'date-time' },
        anInterval: { type: 'string' },
        aUuid: { type: 'string', format: 'uuid' },
        aJson: {},
        aJsonb: {},
        aBytea: { type: 'string' },
        anInet: { type: 'string', format: 'inet' },
        channel: { type: 'string', enum: ['sms', 'email', 'push'] },
        tags: { type: 'array', items: { type: 'string' } },
        levels: { type: 'array', items: { type: 'string', enum: ['low', 'high'] } },
        counts: { type: 'array', items: { type: 'integer', minimum: -2147483648, maximum: 2147483647 } },
        'a/b~c': { description: 'a key with / and ~, escaped in JSON pointers as ~1 and ~0', type: 'string' },
        note: { type: 'string' },
      },
      required: FIELD_CASES.map((c) => c.field),
      additionalProperties: true,
    });
  });

  it('is laid out like every committed JSON file, deterministically', () => {
    const text = typed.files!.get(layout.dataSchema('dtypes', 'typed_data'))!;
    expect(text.split('\n').slice(0, 6)).toEqual(['{', '  "$schema": "http://json-schema.org/draft-07/schema#",', '  "title": "typed-data instance data",', '  "type": "object",', '  "properties": {', '    "aText": {"type":"string"},']);
    expect(compileDir(DATA_PROJECT).files!.get(layout.dataSchema('dtypes', 'typed_data'))).toBe(text);
  });

  it('huge numeric precisions leave out bounds no double can hold', () => {
    const flow = { ...typedFlow, dataFields: [{ key: 'n', column: 'n', type: { base: 'numeric' as const, array: false, precision: 1000, scale: 500 }, optional: false, index: 'none' as const }] };
    expect(dataSchemaOf(flow).properties.n).toEqual({ type: 'number' });
    const whole = { ...typedFlow, dataFields: [{ key: 'n', column: 'n', type: { base: 'numeric' as const, array: false, precision: 30, scale: 0 }, optional: false, index: 'none' as const }] };
    expect(dataSchemaOf(whole).properties.n).toEqual({ type: 'integer', exclusiveMinimum: -1e30, exclusiveMaximum: 1e30 });
  });
});

describe('the checker: valid, invalid, missing and extra values of every data-field type', () => {
  it('a valid document has no violation', () => {
    expect(check(validDocument())).toEqual([]);
  });

  for (const c of FIELD_CASES) {
    it(`${c.field}: valid, invalid (exact messages), missing, extra`, () => {
      for (const value of c.valid) expect(check(withValue(c.field, value)), JSON.stringify(value)).toEqual([]);
      for (const [value, violations] of c.invalid) expect(check(withValue(c.field, value)), JSON.stringify(value)).toEqual(violations);
      expect(check(without(c.field))).toEqual([`${c.pointer}: is required`]);
      expect(check({ ...validDocument(), [`${c.field}Extra`]: { any: 'value' } })).toEqual([]);
    });
  }

  it('an optional field may be left out (or undefined, as JSON.stringify drops it), but null is not its type', () => {
    expect(check({ ...validDocument(), note: 'n' })).toEqual([]);
    expect(check({ ...validDocument(), note: undefined })).toEqual([]);
    expect(check({ ...validDocument(), note: null })).toEqual(['/note: must be a string']);
  });

  it('the document must be an object; every violation is listed, in declared order', () => {
    for (const doc of [[1, 2], 'just a string', null, 3]) expect(check(doc)).toEqual([': must be an object']);
    expect(check(issueDocument()).join('; ')).toBe(ISSUE_DOCUMENT_MESSAGE);
    expect(check({}).length).toBe(FIELD_CASES.length);
    expect(violationsText(validateData(schema, JSON.parse('{}')))).toBe(ISSUE_CASES[2]![1]);
  });

  it('messages stay one line: control characters in pointers and enum values are escaped', () => {
    const flow = { ...typedFlow, dataFields: [{ key: 'a\nb\u2028', column: 'x', type: { base: 'enum' as const, array: false }, values: ['x\ny', '"q"'], optional: false, index: 'none' as const }] };
    const s = dataSchemaOf(flow);
    expect(violationsText(validateData(s, {}))).toBe('/a\\u000ab\\u2028: is required');
    expect(violationsText(validateData(s, { 'a\nb\u2028': 'z' }))).toBe('/a\\u000ab\\u2028: must be one of "x\\ny", "\\"q\\""');
    expect(new InvalidDataError('f', validateData(s, {})).message).toBe('invalid data for flow f: /a\\u000ab\\u2028: is required');
  });

  it('numbers are checked as JSON writes them, not in binary floating point', () => {
    for (const v of [0.07, 1.1, 9999.99, 1e-2, 0.5]) expect(check(withValue('requestedAmount', v)), String(v)).toEqual([]);
    expect(check(withValue('requestedAmount', 0.1 + 0.2))).toEqual(['/requestedAmount: must have at most 2 decimal places']);
    expect(check(withValue('requestedAmount', 1e-7))).toEqual(['/requestedAmount: must have at most 2 decimal places']);
    expect(check(withValue('anyNumeric', Number.NaN))).toEqual(['/anyNumeric: must be a number']);
    expect(check(withValue('anyNumeric', Number.POSITIVE_INFINITY))).toEqual(['/anyNumeric: must be a number']);
  });
});

/** Random values of every kind, for comparing checkers. */
function fuzzValues(seed: number): unknown[] {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pool: unknown[] = [
    null, true, false, 0, -1, 1.5, 0.07, 0.3, 1e300, -1e39, 2147483648, 9007199254740992, 32768, 10000, 9999.999, '', 'abc', 'abcdef', 'ééééé😀',
    '2024-02-29', '2023-02-29', '23:59:59', '24:00:00', '2024-01-31T10:00:00', '2024-01-31T10:00:00Z', '2024-01-31t10:00:00+05', '2024-01-31 10:00:00-08:00',
    '3f1c9c2e-0000-4000-8000-000000000001', '3F1C9C2E-0000-4000-8000-00000000000G', '10.0.0.1', '::1', '1::2::3', '::ffff:1.2.3.4', '10.0.0.1/8', 'fe80::1/129',
    'sms', 'fax', 'low', [], ['a'], [1, 'x'], ['low', 'mid'], {}, { a: 1 },
  ];
  return Array.from({ length: 400 }, () => pool[Math.floor(rand() * pool.length)]);
}

function fuzzDocuments(fields: readonly string[], count: number): unknown[] {
  const values = fuzzValues(7);
  let i = 0;
  const next = () => values[i++ % values.length];
  return Array.from({ length: count }, (_, n) => {
    if (n % 50 === 0) return next();
    const doc: Record<string, unknown> = {};
    for (const f of fields) if ((n + f.length) % 5 !== 0) doc[f] = next();
    return doc;
  });
}

describe('the generated client checks exactly as the runtime does', () => {
  let fresh: ReturnType<typeof freshGenerated>;
  let typedClient: { validateData(d: unknown): { pointer: string; message: string }[]; DATA_SCHEMA: unknown; InvalidDataError: new (v: unknown[]) => Error };
  beforeAll(async () => {
    fresh = freshGenerated(DATA_PROJECT);
    typedClient = await import(join(fresh.dir, 'dtypes/flows/typed_data/client.ts'));
  });
  afterAll(() => fresh?.remove());

  it('DATA_SCHEMA is data.schema.json', () => {
    expect(typedClient.DATA_SCHEMA).toEqual(JSON.parse(readFileSync(join(fresh.dir, 'dtypes/flows/typed_data/data.schema.json'), 'utf8')));
  });

  it('same violations, order and messages on every case and on 2,000 random documents', () => {
    const docs: unknown[] = [validDocument(), {}, issueDocument(), [1], 'x', null];
    for (const c of FIELD_CASES) {
      for (const v of c.valid) docs.push(withValue(c.field, v));
      for (const [v] of c.invalid) docs.push(withValue(c.field, v));
      docs.push(without(c.field));
    }
    docs.push(...fuzzDocuments(FIELD_CASES.map((c) => c.field).concat('note'), 2000));
    let invalid = 0;
    for (const doc of docs) {
      const runtime = validateData(schema, doc);
      expect(typedClient.validateData(doc), JSON.stringify(doc)).toEqual(runtime);
      if (runtime.length) {
        invalid++;
        expect(new typedClient.InvalidDataError(runtime).message).toBe(new InvalidDataError('typed-data', runtime).message);
      }
    }
    expect(invalid).toBeGreaterThan(docs.length / 2);
  });

  it('for every example flow too: the client carries its data.schema.json and checks its documents like the runtime', async () => {
    const examples = freshGenerated(ROOT);
    try {
      for (const path of listFiles(examples.dir).filter((p) => p.endsWith('/data.schema.json'))) {
        const file = JSON.parse(readFileSync(join(examples.dir, path), 'utf8')) as DataSchema;
        const mod = await import(join(examples.dir, path.replace('data.schema.json', 'client.ts')));
        expect(mod.DATA_SCHEMA, path).toEqual(file);
        expect(readFileSync(join(ROOT, 'generated', path), 'utf8'), path).toBe(readFileSync(join(examples.dir, path), 'utf8'));
        for (const doc of [exampleDocument(file, 'seed'), ...fuzzDocuments(Object.keys(file.properties), 300)]) expect(mod.validateData(doc), path).toEqual(validateData(file, doc));
      }
    } finally {
      examples.remove();
    }
  });
});

describe('a standard validator (Ajv, draft-07) reads data.schema.json the same way', () => {
  // Formats written independently of flowschema's checker (node:net for addresses, Date for calendar days).
  const calendarDay = (s: string) => {
    const day = new Date(`${s}T00:00:00Z`);
    return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(day.getTime()) && day.toISOString().startsWith(s);
  };
  const clock = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?$/;
  const zone = /^(z|Z|[+-]([01]\d|2[0-3])(:?[0-5]\d)?)$/;
  const time = (s: string, required: boolean) => {
    const m = /^(\d{2}:\d{2}:\d{2}(?:\.\d+)?)(.*)$/.exec(s);
    return !!m && clock.test(m[1]!) && (m[2] === '' ? !required : zone.test(m[2]!));
  };
  const dateTime = (s: string, required: boolean) => calendarDay(s.slice(0, 10)) && /^[Tt ]$/.test(s.charAt(10)) && time(s.slice(11), required);
  const ajv = new Ajv({ allErrors: true, strict: true, multipleOfPrecision: 9 });
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addFormat('date', calendarDay);
  ajv.addFormat('iso-time', (s: string) => time(s, false));
  ajv.addFormat('iso-date-time', (s: string) => dateTime(s, false));
  ajv.addFormat('date-time', (s: string) => dateTime(s, true));
  ajv.addFormat('inet', (s: string) => {
    const [address, prefix, more] = s.split('/');
    const version = isIP(address!);
    return version !== 0 && more === undefined && (prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128)));
  });

  it('the schema is valid draft-07, and a vNext schema component can carry it', () => {
    expect(ajv.validateSchema(schema)).toBe(true);
    const definition = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/vnext-schemas/schema-definition.schema.json'), 'utf8'));
    const component = { key: 'typed-data-master', version: '1.0.0', domain: 'dtypes', flow: 'sys-schemas', flowVersion: '1.0.0', tags: ['dtypes'], attributes: { type: 'schema', schema } };
    const validateComponent = new Ajv({ strict: false, allErrors: true }).compile(definition);
    expect(validateComponent(component), JSON.stringify(validateComponent.errors)).toBe(true);
  });

  it('the same verdict on every case and on 2,000 random documents', () => {
    const validate = ajv.compile(schema);
    const docs: unknown[] = [validDocument(), {}, issueDocument(), ...fuzzDocuments(FIELD_CASES.map((c) => c.field).concat('note'), 2000)];
    for (const c of FIELD_CASES) {
      for (const v of c.valid) docs.push(withValue(c.field, v));
      for (const [v] of c.invalid) docs.push(withValue(c.field, v));
      docs.push(without(c.field));
    }
    for (const doc of docs) expect(validate(doc), JSON.stringify(doc)).toBe(validateData(schema, doc).length === 0);
  });
});

describe('reading a data.schema.json: only what flowschema writes', () => {
  it('accepts every schema the compiler writes (examples, golden cases, typed-data)', () => {
    const files = [
      ...listFiles(join(ROOT, 'generated')).filter((p) => p.endsWith('data.schema.json')).map((p) => join(ROOT, 'generated', p)),
      ...listFiles(join(ROOT, 'test/golden')).filter((p) => p.endsWith('data.schema.json')).map((p) => join(ROOT, 'test/golden', p)),
    ];
    expect(files.length).toBeGreaterThan(60);
    for (const file of files) expect(dataSchemaProblem(JSON.parse(readFileSync(file, 'utf8'))), file).toBeUndefined();
    expect(dataSchemaProblem(schema)).toBeUndefined();
  });

  it('refuses keywords, formats and shapes it would not apply', () => {
    const edit = (change: (s: Record<string, any>) => void) => {
      const copy = JSON.parse(JSON.stringify(schema));
      change(copy);
      return dataSchemaProblem(copy);
    };
    expect(edit((s) => (s.properties.aText.pattern = '^(a+)+$'))).toBe('property "aText" has keyword "pattern", which flowschema does not write');
    expect(edit((s) => (s.properties.aDate.format = 'email'))).toBe('property "aDate" has format "email", which flowschema does not write');
    expect(edit((s) => (s.properties.aText.type = 'object'))).toBe('property "aText" has type "object"');
    expect(edit((s) => (s.properties.requestedAmount.multipleOf = 0.3))).toBe('property "requestedAmount": multipleOf is not a power of ten below 1');
    expect(edit((s) => s.required.push('nope'))).toBe('its required list names properties it does not have');
    expect(edit((s) => (s.additionalProperties = false))).toBe('its additionalProperties is not true');
    expect(edit((s) => (s.$schema = 'https://json-schema.org/draft/2020-12/schema'))).toBe('its $schema is not http://json-schema.org/draft-07/schema#');
    expect(edit((s) => (s.allOf = []))).toBe('it has keyword "allOf", which flowschema does not write');
    expect(edit((s) => (s.properties.tags.items = { type: 'string', minLength: 1 }))).toBe('property "tags"/items has keyword "minLength", which flowschema does not write');
    expect(dataSchemaProblem([])).toBe('it is not a JSON object');
  });
});

describe('data.schema.json in the layout and the compile cache', () => {
  it('is a layout path flowschema owns', () => {
    expect(layout.dataSchema('d', 's')).toBe('d/flows/s/data.schema.json');
    expect(isLayoutPath('d/flows/s/data.schema.json')).toBe(true);
    expect(isOwnedPath('d/flows/s/data.schema.json.123.tmp')).toBe(true);
    expect(isLayoutPath('d/flows/s/data.schema.jsonx')).toBe(false);
    expect(isLayoutPath('d/flows/s/other.schema.json')).toBe(false);
  });

  it('every example flow has one in generated/', () => {
    expect(listFiles(join(ROOT, 'generated')).filter((p) => p.endsWith('data.schema.json'))).toEqual([
      'idm/flows/user_registration/data.schema.json',
      'notification/flows/notification_dispatch/data.schema.json',
      'onboarding/flows/customer_onboarding/data.schema.json',
      'onboarding/flows/document_approval/data.schema.json',
      'payment/flows/payment_process/data.schema.json',
    ]);
  });

  it('with a warm cache an unchanged flow passes its data schema through, and an edited one is rewritten', () => {
    const sources = new Map([...readTree(join(DATA_PROJECT, 'definitions'), (p) => p.endsWith('.ts'))].map(([p, t]) => [`definitions/${p}`, t]));
    const first = compileStream(sources);
    const previous = new Map(first.files!);
    const cache = first.cache!();
    const path = layout.dataSchema('dtypes', 'typed_data');
    expect(cache['definitions/dtypes/typed-data.flow.ts']!.output!.dataSchemaSha).toMatch(/^[0-9a-f]{64}$/);

    const warm = compileStream(sources, { previous, cache });
    expect(warm.cacheHits).toBe(2);
    expect(new Map(warm.files!)).toEqual(previous);

    const edited = new Map(previous).set(path, previous.get(path)!.replace('"maxLength":5', '"maxLength":500'));
    const again = new Map(compileStream(sources, { previous: edited, cache }).files!);
    expect(again.get(path)).toBe(previous.get(path));
  });

  it('exampleDocument gives documents each schema accepts, and different seeds different strings and UUIDs', () => {
    for (const s of [schema, ...['idm/flows/user_registration', 'notification/flows/notification_dispatch', 'payment/flows/payment_process'].map((p) => JSON.parse(readFileSync(join(ROOT, 'generated', p, 'data.schema.json'), 'utf8')) as DataSchema)]) {
      expect(validateData(s, exampleDocument(s, 'demo-1'))).toEqual([]);
      expect(exampleDocument(s, 'demo-1')).toEqual(exampleDocument(s, 'demo-1'));
    }
    const a = exampleDocument(schema, 'demo-lq2x1');
    const b = exampleDocument(schema, 'demo-lq2x2');
    expect([a.aVarchar, b.aVarchar, a.aUuid === b.aUuid]).toEqual(['lq2x1', 'lq2x2', false]);
  });
});

describe('hostile data-field keys', () => {
  const KEYS = ['*/', '${process.exit(3)}', '`', "'\";", '\\', 'a\nb', 'x\u2028y', '</script>', '@param', 'a/b', '~1', '__proto__', 'constructor'];
  let dir = '';
  let fresh: ReturnType<typeof freshGenerated>;

  beforeAll(async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    dir = mkdtempSync(join(tmpdir(), 'flowschema-hostile-data-'));
    mkdirSync(join(dir, 'definitions/evil'), { recursive: true });
    writeFileSync(join(dir, 'definitions/evil/domain.ts'), "import { defineDomain } from 'flowschema';\nexport default defineDomain({ name: 'evil' });\n");
    const data = Object.fromEntries(KEYS.map((k, i) => [k, i % 2 ? { type: 'enum', values: [k, 'plain'], comment: k } : { type: 'varchar', length: 3, optional: i % 3 === 0 }]));
    writeFileSync(join(dir, 'definitions/evil/f.flow.ts'), `import { defineFlow } from 'flowschema';\nexport default defineFlow(${JSON.stringify({ key: 'f', domain: 'evil', version: '1.0.0', states: { a: { type: 'initial' } }, data }, null, 2)});\n`);
    fresh = freshGenerated(dir);
  });
  afterAll(async () => {
    fresh?.remove();
    if (dir) (await import('node:fs')).rmSync(dir, { recursive: true, force: true });
  });

  it('reach the schema and the client exactly, and both checkers name them the same way', async () => {
    const file = JSON.parse(readFileSync(join(fresh.dir, 'evil/flows/f/data.schema.json'), 'utf8')) as DataSchema;
    expect(Object.keys(file.properties)).toEqual(KEYS);
    expect(dataSchemaProblem(file)).toBeUndefined();
    const mod = await import(join(fresh.dir, 'evil/flows/f/client.ts'));
    expect(mod.DATA_SCHEMA).toEqual(file);
    expect(Object.keys(mod.DATA_SCHEMA.properties)).toEqual(KEYS);
    const docs: unknown[] = [{}, Object.fromEntries(KEYS.map((k) => [k, 'long value'])), JSON.parse(`{"__proto__": 1, "constructor": "abcd"}`), Object.fromEntries(KEYS.map((k) => [k, k]))];
    for (const doc of docs) expect(mod.validateData(doc)).toEqual(validateData(file, doc));
    const missing = validateData(file, {});
    expect(missing.map((v) => v.pointer)).toEqual(KEYS.filter((_, i) => !(i % 2 === 0 && i % 3 === 0)).map((k) => `/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
    expect(new mod.InvalidDataError(missing).message).toBe(new InvalidDataError('f', missing).message);
    expect(new InvalidDataError('f', missing).message).not.toMatch(/[\n\r\u2028\u2029]/);
  });
});
