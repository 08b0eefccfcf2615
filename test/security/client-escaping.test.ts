import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TsCode, tsBlockComment, tsCodeText, tsIdentifier, tsLineComment, tsLiteral, tsPropertyKey, tsString, tsTemplateText } from '../../src/codegen/ts-escape.ts';
import { propertyKey } from '../../src/codegen/ts-types.ts';
import { formatDiagnostic, qualified, quoteIdent, type FlowModel } from '../../src/model/index.ts';
import { compileDir, ROOT } from '../support/compile-dir.ts';

/**
 * Definitions are hostile input. Every name a definition gives that reaches a
 * generated client.ts (file path, table keys and names, column keys and
 * names, data-field keys and names, enum values, comments, check and index
 * names) is filled with comment terminators, quotes, template-literal
 * syntax, line terminators and payloads that run code on import. The client
 * must still type-check, import without a side effect, and carry every name
 * exactly. (Flow keys, state keys and transition names must match
 * ^[a-z0-9-]+$, so they cannot be hostile.)
 */
const LS = '\u2028';
const PS = '\u2029';
/** Payloads, each at most 58 bytes (a table name plus `_pkey` must fit PostgreSQL's 63). */
const LOG = '*/ static p = console.log("PWNED"); /*';
const WRITE = '*/static w=process.stdout.write("PWNED");/*';
const MARK = '*/static q=import("fs").then(f=>f.writeFileSync("p",""))/*';
const TEMPLATE = '${process.stdout.write("PWNED")}`+`';
const STRING = '"]; console.log("PWNED"); //';
const HOSTILE = ['*/', '/*', '${', '`', "'", '"', '\\', '\n', '\r', LS, PS, '</script>', '@param', `a${LS}b${PS}c\r\nd*/`, LOG, WRITE, MARK, TEMPLATE, STRING];

/** Flow A: a file path whose U+2028 would end the header's `//` comment and run the next "line". */
const PATH_A = `definitions/evil/a${LS}process.stdout.write("PWNED")${LS}/*/a.flow.ts`;
/** Flow B: a file path with every other hostile character (a `/` can only be a folder separator). */
const PATH_B = `definitions/evil/b${PS}*/</script>q\`\${x}'"\\\r\n@param${LS}.flow.ts`;
/** Flow C: every other name hostile, at a plain path. */
const PATH_C = 'definitions/evil/names.flow.ts';
/** Flow D: only the payloads, as table names and data-field keys, so that an unescaped client is valid code that runs them. */
const PATH_D = 'definitions/evil/payloads.flow.ts';
const PAYLOADS = [LOG, WRITE, MARK];
const minimalFlow = (key: string) => `import { defineFlow } from 'flowschema';\nexport default defineFlow({ key: '${key}', domain: 'evil', version: '1.0.0', states: { start: { type: 'initial' } } });\n`;

function hostileFlow(): object {
  const tables: Record<string, unknown> = {};
  const data: Record<string, unknown> = {};
  HOSTILE.forEach((v, i) => {
    // name: hostile (key plain); the pk column's name and another column's key hostile, with hostile enum values.
    tables[`n${i}`] = {
      name: v,
      comment: v,
      columns: {
        id: { type: 'integer', primaryKey: true, name: v, comment: v },
        [`k${v}`]: { type: 'enum', values: [v, 'plain'], optional: true, enumName: `e${i}${v}`, comment: v },
      },
      checks: { [`c${v}`]: 'true' },
      indexes: [{ columns: [`k${v}`], name: `i${i}${v}` }],
    };
    // key hostile, no name: the SQL name is the key in snake_case (cut so that `_pkey` still fits).
    tables[`k${i}${v}`.slice(0, 45)] = { columns: { x: { type: 'text', primaryKey: true } } };
    // Index names of data fields are instance_data_<name>_idx: long payloads keep a short name.
    data[v] = { type: 'enum', values: [v, 'plain'], optional: true, index: i % 2 ? true : 'unique', name: Buffer.byteLength(v) <= 40 ? `d${i}${v}` : `d${i}`, comment: v };
  });
  return {
    key: 'hostile-c',
    domain: 'evil',
    version: '1.0.0',
    labels: { en: HOSTILE.join(' ') },
    description: HOSTILE.join(' '),
    states: { start: { type: 'initial', transitions: { go: 'done' } }, done: { type: 'final' } },
    data,
    tables,
  };
}

function payloadFlow(): object {
  const tables = Object.fromEntries(PAYLOADS.map((v, i) => [`p${i}`, { name: v, columns: { id: { type: 'integer', primaryKey: true } } }]));
  const data = Object.fromEntries(PAYLOADS.map((v, i) => [v, { type: 'text', index: true, name: `d${i}` }]));
  return { key: 'hostile-d', domain: 'evil', version: '1.0.0', states: { start: { type: 'initial' } }, data, tables };
}

/** Imports the clients, exercises every table and findBy against a recording fake db, and writes what it saw. */
const RUNNER = `import { writeFileSync } from 'node:fs';
import * as a from './a.ts';
import * as b from './b.ts';
import * as c from './c.ts';
const calls: { name?: string; text: string; values: unknown[] }[] = [];
const db = { getTransactionStatus: () => 'I', query: async (q: { name?: string; text: string; values: unknown[] }) => { calls.push(q); return { rows: [], rowCount: 0 }; } };
const exec = new c.HostileCExecutionClient(db as never) as unknown as Record<string, any>;
const client = new c.HostileCClient(db as never) as unknown as Record<string, any>;
const message = async (work: () => Promise<unknown>) => { try { await work(); return ''; } catch (e) { return (e as Error).message; } };
const tables: Record<string, unknown> = {};
for (const accessor of Object.keys(exec).filter((k) => k !== 'db')) {
  await exec[accessor].list({});
  const list = calls.pop()!.text;
  // A proxy key reports which property the client reads for the primary key.
  await exec[accessor].get(new Proxy({}, { get: (_, p) => String(p) }));
  const get = calls.pop()!;
  tables[accessor] = {
    list, getText: get.text, getValues: get.values,
    listError: await message(() => exec[accessor].list({ bogus: 1 })),
    insertError: await message(() => client[accessor].insert({ bogus: 1 })),
    updateError: await message(() => client[accessor].update(new Proxy({}, { get: () => 1 }), { bogus: 1 })),
  };
}
const findBy: string[] = [];
for (const m of Object.getOwnPropertyNames(c.HostileCExecutionClient.prototype).filter((n) => n.startsWith('findBy'))) {
  await exec[m]('v');
  findBy.push(calls.pop()!.text);
}
writeFileSync('result.json', JSON.stringify({
  a: { FLOW: a.FLOW, SCHEMA: a.SCHEMA },
  b: { FLOW: b.FLOW, SCHEMA: b.SCHEMA },
  c: { FLOW: c.FLOW, SCHEMA: c.SCHEMA, VERSION: c.VERSION, INITIAL_STATE: c.INITIAL_STATE, FINAL_STATES: c.FINAL_STATES, TRANSITIONS: c.TRANSITIONS },
  tables, findBy,
}));
`;

interface RunResult {
  readonly a: Record<string, unknown>;
  readonly b: Record<string, unknown>;
  readonly c: Record<string, unknown>;
  readonly tables: Record<string, { list: string; getText: string; getValues: unknown[]; listError: string; insertError: string; updateError: string }>;
  readonly findBy: string[];
}

/** Type-level checks: data keys, enum values and row properties exactly as the definition wrote them. */
function typeChecks(flow: FlowModel): string {
  const s = JSON.stringify;
  const lines = [
    "import type * as C from './c.ts';",
    'type Exec = C.HostileCExecutionClient;',
    'type RowOf<K extends keyof Exec> = Exec[K] extends { list(...args: never[]): Promise<(infer R)[]> } ? R : never;',
  ];
  HOSTILE.forEach((v, i) => {
    lines.push(`export const data${i}: C.HostileCData = { ${s(v)}: ${s(v)} };`);
    lines.push('// @ts-expect-error not a member of the enum', `export const wrongData${i}: C.HostileCData = { ${s(v)}: "nope" };`);
    const table = flow.schema.tables.find((t) => t.name === v)!;
    const enumColumn = table.columns.find((c) => c.type.base === 'enum')!;
    lines.push(`export const row${i}: RowOf<${s(propertyKey(v))}>[${s(propertyKey(enumColumn.name))}] = ${s(v)};`);
    lines.push('// @ts-expect-error not a member of the enum', `export const wrongRow${i}: RowOf<${s(propertyKey(v))}>[${s(propertyKey(enumColumn.name))}] = "nope";`);
    lines.push(`export const pk${i}: RowOf<${s(propertyKey(v))}>[${s(propertyKey(v))}] = 1;`);
  });
  return `${lines.join('\n')}\n`;
}

describe('generated clients escape every name from a definition', () => {
  let dir = '';
  let flow: FlowModel;
  const clients: Record<'a' | 'b' | 'c' | 'd', string> = { a: '', b: '', c: '', d: '' };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowschema-client-escaping-'));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    write('definitions/evil/domain.ts', "import { defineDomain } from 'flowschema';\nexport default defineDomain({ name: 'evil' });\n");
    write(PATH_A, minimalFlow('hostile-a'));
    write(PATH_B, minimalFlow('hostile-b'));
    // JSON is an object literal the loader reads; its strings keep U+2028 raw, as a hand-written file could.
    write(PATH_C, `import { defineFlow } from 'flowschema';\nexport default defineFlow(${JSON.stringify(hostileFlow(), null, 2)});\n`);
    write(PATH_D, `import { defineFlow } from 'flowschema';\nexport default defineFlow(${JSON.stringify(payloadFlow(), null, 2)});\n`);
    const result = compileDir(dir);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
    const flows = result.model!.domains.flatMap((d) => d.flows);
    expect(flows.map((f) => f.file).sort()).toEqual([PATH_A, PATH_B, PATH_C, PATH_D].sort());
    flow = flows.find((f) => f.key === 'hostile-c')!;
    for (const name of ['a', 'b', 'c', 'd'] as const) clients[name] = result.files!.get(`evil/flows/hostile_${name}/client.ts`)!;

    const work = join(dir, 'work');
    mkdirSync(work);
    symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');
    writeFileSync(join(work, 'package.json'), '{ "type": "module" }\n');
    for (const name of ['a', 'b', 'c', 'd'] as const) {
      writeFileSync(join(work, `${name}.ts`), clients[name]);
      writeFileSync(join(work, `import-${name}.ts`), `import './${name}.ts';\n`);
    }
    writeFileSync(join(work, 'types.ts'), typeChecks(flow));
    writeFileSync(join(work, 'runner.ts'), RUNNER);
    writeFileSync(join(work, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], allowImportingTsExtensions: true },
      include: ['a.ts', 'b.ts', 'c.ts', 'd.ts', 'types.ts'],
    }));
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the model keeps the hostile names (the definitions reach the client)', () => {
    const names = flow.schema.tables.map((t) => t.name);
    for (const v of HOSTILE) expect(names).toContain(v);
    expect(flow.dataFields.map((f) => f.key).sort()).toEqual([...HOSTILE].sort());
  });

  it('no client holds a raw line terminator other than \\n, and the file paths are shown escaped', () => {
    for (const text of Object.values(clients)) expect(/[\r\u2028\u2029]/.test(text)).toBe(false);
    const header = (text: string) => text.split('\n')[1]!;
    expect(header(clients.a)).toBe('// Generated by flowschema from definitions/evil/a\\u2028process.stdout.write("PWNED")\\u2028/*/a.flow.ts; do not edit.');
    expect(header(clients.b)).toBe('// Generated by flowschema from definitions/evil/b\\u2029*/</script>q`${x}\'"\\\\r\\n@param\\u2028.flow.ts; do not edit.');
  });

  it('the clients pass tsc --strict, with every enum value and key exactly as written', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'work', 'tsconfig.json')], { cwd: join(dir, 'work'), encoding: 'utf8' });
    expect(`${run.stdout}${run.stderr}`).toBe('');
    expect(run.status).toBe(0);
  });

  it.each(['a', 'b', 'c', 'd'])('importing client %s prints nothing and has no side effect', (name) => {
    const run = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [`import-${name}.ts`], { cwd: join(dir, 'work'), encoding: 'utf8' });
    expect({ stdout: run.stdout, stderr: run.stderr, status: run.status }).toEqual({ stdout: '', stderr: '', status: 0 });
    expect(existsSync(join(dir, 'work', 'p'))).toBe(false);
  });

  it('every hostile name survives exactly: constants, accessors, SQL text, error messages', () => {
    const run = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['runner.ts'], { cwd: join(dir, 'work'), encoding: 'utf8' });
    expect({ stdout: run.stdout, stderr: run.stderr, status: run.status }).toEqual({ stdout: '', stderr: '', status: 0 });
    expect(existsSync(join(dir, 'work', 'p'))).toBe(false);
    const result = JSON.parse(readFileSync(join(dir, 'work', 'result.json'), 'utf8')) as RunResult;
    expect(result.a).toEqual({ FLOW: 'hostile-a', SCHEMA: 'hostile_a' });
    expect(result.b).toEqual({ FLOW: 'hostile-b', SCHEMA: 'hostile_b' });
    expect(result.c).toEqual({ FLOW: 'hostile-c', SCHEMA: 'hostile_c', VERSION: '1.0.0', INITIAL_STATE: 'start', FINAL_STATES: ['done'], TRANSITIONS: { start: { go: 'done' }, done: {} } });

    const flowTables = flow.schema.tables.filter((t) => t.kind === 'flow');
    expect(Object.keys(result.tables).sort()).toEqual(flowTables.map((t) => propertyKey(t.name)).sort());
    for (const t of flowTables) {
      const seen = result.tables[propertyKey(t.name)]!;
      const pk = t.primaryKey!.columns[0]!;
      expect(seen.list, t.name).toContain(`FROM ${qualified('hostile_c', t.name)}`);
      expect(seen.getText, t.name).toContain(`FROM ${qualified('hostile_c', t.name)} WHERE ${quoteIdent(pk)} = $1`);
      expect(seen.getValues, t.name).toEqual([propertyKey(pk)]);
      expect(seen.listError, t.name).toBe(`${t.name} has no column bogus`);
      expect(seen.insertError, t.name).toBe(`${t.name} has no column bogus`);
      expect(seen.updateError, t.name).toBe(`${t.name} has no column bogus`);
    }

    const indexed = flow.dataFields.filter((f) => f.index !== 'none');
    expect(result.findBy).toHaveLength(indexed.length);
    for (const f of indexed) expect(result.findBy.filter((text) => text.includes(`WHERE d.${quoteIdent(f.column)} = $1`)), f.key).toHaveLength(1);
  });
});

describe('the escaping helpers', () => {
  const all = HOSTILE.join('');
  /** Evaluates a JavaScript expression the way an importer of the client would. */
  const evaluate = (expression: string): unknown => new Function(`return (${expression});`)();

  it('tsString and tsLiteral give literals that evaluate to the value, with no raw line terminator', () => {
    for (const v of [...HOSTILE, all]) {
      const literal = tsString(v).text;
      expect(/[\r\n\u2028\u2029]/.test(literal)).toBe(false);
      expect(evaluate(literal)).toBe(v);
    }
    expect(tsString('a\u2028b\u202ec').text).toBe('"a\\u2028b\\u202ec"');
    const value = { [all]: [all, 1, true, null], __proto__x: 'y' };
    expect(evaluate(tsLiteral(value).text)).toEqual(value);
    // A quoted __proto__ key would set the prototype: it is written as a computed key.
    const proto = evaluate(tsLiteral(JSON.parse('{"__proto__":"x"}')).text) as object;
    expect(Object.keys(proto)).toEqual(['__proto__']);
    expect(tsLiteral({ a: 'b', c: ['d'] }).text).toBe(JSON.stringify({ a: 'b', c: ['d'] }));
  });

  it('comment text stays one line and cannot end its comment', () => {
    for (const v of [...HOSTILE, all, '/', '*', '/*/', '**/']) {
      for (const t of [tsLineComment(v), tsBlockComment(v)]) expect(/[\r\n\u2028\u2029]/.test(t)).toBe(false);
      // No `*/` inside, and none formed with whatever template text stands next to it.
      const block = tsBlockComment(v);
      expect(block).not.toContain('*/');
      expect(block.startsWith('/') || block.endsWith('*'), block).toBe(false);
      expect(block).not.toMatch(/(^|[^\\])@/);
    }
    expect(tsLineComment(`a${LS}b\r\n`)).toBe('a\\u2028b\\r\\n');
    expect(tsBlockComment('*/ x @param')).toBe('*\\/ x \\@param');
  });

  it('template text evaluates to the value inside a template literal', () => {
    for (const v of [...HOSTILE, all]) expect(evaluate(`\`${tsTemplateText(v)} has no column\``)).toBe(`${v} has no column`);
  });

  it('keys and identifiers', () => {
    expect(tsPropertyKey('instanceId').text).toBe('instanceId');
    expect(tsPropertyKey('i"d').text).toBe('"i\\"d"');
    expect(tsPropertyKey('__proto__').text).toBe('["__proto__"]');
    expect(tsIdentifier('*/ static p').text).toBe('staticp');
    expect(tsIdentifier('9lives').text).toBe('_9lives');
    expect(tsIdentifier('class').text).toBe('class_');
    expect(tsIdentifier('').text).toBe('_');
  });

  it('only TsCode made by the helpers prints as code: a plain string or a look-alike is refused', () => {
    expect(tsCodeText(tsString('x'))).toBe('"x"');
    expect(() => tsCodeText('console.log(1)')).toThrow(/plain string/);
    expect(() => tsCodeText({ text: 'console.log(1)' })).toThrow(TypeError);
    expect(() => tsCodeText(Object.create(TsCode.prototype))).toThrow(TypeError);
    expect(() => new TsCode(Symbol('TsCode'), 'console.log(1)')).toThrow(TypeError);
    expect(() => tsString(tsString('x') as unknown as string)).toThrow(TypeError);
  });
});
