import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Column, ColumnType, DataField, FlowModel, Table } from '../../src/model/index.ts';
import { createRuntime } from '../../src/runtime/index.ts';
import { propertyKey } from '../../src/codegen/ts-types.ts';
import { compileDir, ROOT } from '../support/compile-dir.ts';
import { bootstrappedDatabase } from '../support/domain-db.ts';
import { freshGenerated } from './fresh.ts';

/**
 * The full lifecycle of every example flow through its generated client, as
 * the orchestration role: start, update with etag, stale etag refused, every
 * path from the initial state to each final state, an invalid transition
 * refused, history, every findBy, and insert/get/update/list/delete on every
 * flow table. Values come from the model, so a new example flow is covered
 * without a new test.
 */
const flows = compileDir(ROOT).model!.domains.flatMap((d) => d.flows);
let counter = 0;

function scalar(type: ColumnType, enums: FlowModel['schema']['enums'], values?: readonly string[]): unknown {
  const n = ++counter;
  switch (type.base) {
    case 'text': return `t${n}`;
    case 'varchar': return `v${n}`.slice(0, type.length ?? 10);
    case 'char': return 'abcdefghij'.repeat(10).slice(0, type.length ?? 1);
    case 'uuid': return randomUUID();
    case 'smallint': case 'integer': return 1;
    case 'bigint': return String(1000 + n);
    case 'numeric': case 'real': case 'double': return '0.5';
    case 'boolean': return true;
    case 'date': return '2024-01-01';
    case 'time': return '12:00:00';
    case 'timestamp': case 'timestamptz': return new Date('2024-01-01T00:00:00Z');
    case 'interval': return '1 hour';
    case 'inet': return '10.0.0.1';
    case 'json': case 'jsonb': return { n };
    case 'bytea': return Buffer.from('x');
    case 'enum': return (values ?? enums.find((e) => e.name === type.enumName)!.values)[0];
  }
}

function value(type: ColumnType, enums: FlowModel['schema']['enums'], values?: readonly string[]): unknown {
  const v = scalar({ ...type, array: false }, enums, values);
  return type.array ? [v] : v;
}

function dataDocument(flow: FlowModel): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const f of flow.dataFields as readonly DataField[]) {
    const v = value(f.type, flow.schema.enums, f.values);
    doc[f.key] = typeof v === 'string' && f.type.base === 'numeric' ? 0.5 : f.type.base === 'bigint' ? 7 : f.type.base === 'bytea' ? '\\x78' : v instanceof Date ? v.toISOString() : v;
  }
  return doc;
}

/** Every path (list of transition names) from the initial state to each final state, breadth first. */
function pathsToFinals(flow: FlowModel): { final: string; path: string[] }[] {
  const initial = flow.states.find((s) => s.type === 'initial')!;
  const seen = new Map<string, string[]>([[initial.key, []]]);
  const queue = [initial.key];
  while (queue.length) {
    const key = queue.shift()!;
    for (const t of flow.states.find((s) => s.key === key)!.transitions)
      if (!seen.has(t.target)) {
        seen.set(t.target, [...seen.get(key)!, t.name]);
        queue.push(t.target);
      }
  }
  return flow.states.filter((s) => s.type === 'final' && seen.has(s.key)).map((s) => ({ final: s.key, path: seen.get(s.key)! }));
}

function insertRow(flow: FlowModel, table: Table, instanceId: string, created: Map<string, Record<string, unknown>>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const c of table.columns as readonly Column[]) {
    const fk = table.foreignKeys.find((f) => f.columns.length === 1 && f.columns[0] === c.name);
    if (fk?.refTable === 'instances') row[propertyKey(c.name)] = instanceId;
    else if (fk) row[propertyKey(c.name)] = created.get(fk.refTable)?.[propertyKey(fk.refColumns[0]!)] ?? null;
    else if (!c.nullable && c.default === undefined) row[propertyKey(c.name)] = value(c.type, flow.schema.enums);
  }
  return row;
}

/**
 * Twice: the committed clients (with the committed migrations), and clients
 * and migrations compiled from definitions/ in this test, so that a codegen
 * bug fails a behaviour test and not only a byte comparison.
 */
describe.each(['committed generated/', 'compiled now'])('every example flow through its generated client (%s)', (source) => {
  let generated = join(ROOT, 'generated');
  let fresh: ReturnType<typeof freshGenerated> | undefined;
  beforeAll(() => {
    if (source !== 'compiled now') return;
    fresh = freshGenerated();
    generated = fresh.dir;
  });
  afterAll(() => fresh?.remove());

  for (const flow of flows) {
    it(flow.key, async () => {
      const db = await bootstrappedDatabase(`every_${flow.schema.schema}`, flow.domain);
      const runtime = createRuntime({ domain: flow.domain, connection: db.initUrl, generated });
      const pool = new pg.Pool({ connectionString: db.url('orchestration'), max: 4 });
      pool.on('error', () => {});
      try {
        await runtime.start();
        const mod = await import(join(generated, flow.domain, 'flows', flow.schema.schema, 'client.ts'));
        const Client = Object.entries(mod).find(([name]) => name.endsWith('Client') && !name.endsWith('ExecutionClient'))![1] as new (db: pg.Pool, o: object) => Record<string, (...args: unknown[]) => Promise<any>> & Record<string, Record<string, (...args: unknown[]) => Promise<any>>>;
        const client = new Client(pool, { ensureSchema: () => runtime.ensureFlowSchema(flow.key) });

        // start, update with etag, stale etag refused
        const doc = dataDocument(flow);
        const { instance, data: v1 } = await client.start!('k-main', doc);
        expect(instance.currentState).toBe(flow.states.find((s) => s.type === 'initial')!.key);
        const v2 = await client.updateData!(instance.id, {}, { etag: v1.etag });
        expect(v2.version).toBe(2);
        await expect(client.updateData!(instance.id, {}, { etag: v1.etag })).rejects.toBeInstanceOf(mod.ConcurrencyError);

        // every final state by its shortest path; an invalid transition refused
        const initial = flow.states.find((s) => s.type === 'initial')!;
        const foreign = flow.states.flatMap((s) => s.transitions.map((t) => t.name)).find((n) => !initial.transitions.some((t) => t.name === n));
        if (foreign) await expect(client.transition!(instance.id, foreign)).rejects.toBeInstanceOf(mod.InvalidTransitionError);
        for (const [i, { final, path }] of pathsToFinals(flow).entries()) {
          const started = (await client.start!(`k-path-${i}`, dataDocument(flow))).instance;
          let last = started;
          for (const name of path) last = await client.transition!(started.id, name, { body: { step: name } });
          expect([last.currentState, last.status]).toEqual([final, 'completed']);
          expect((await client.history!(started.id)).map((h: { transition: string; body: unknown }) => [h.transition, h.body])).toEqual(path.map((name) => [name, { step: name }]));
        }

        // every findBy of an indexed data field
        for (const f of flow.dataFields.filter((x) => x.index !== 'none')) {
          const method = Object.getOwnPropertyNames(Object.getPrototypeOf(Object.getPrototypeOf(client))).find((m) => m.toLowerCase() === `findby${f.key.toLowerCase()}`)!;
          const found = await client[method]!(doc[f.key]);
          if (f.index === 'unique') expect(found?.id).toBe(instance.id);
          else expect(found.map((x: { id: string }) => x.id)).toContain(instance.id);
        }

        // every flow table: insert, get, update, list, delete
        const created = new Map<string, Record<string, unknown>>();
        for (const table of flow.schema.tables.filter((t) => t.kind === 'flow')) {
          const access = client[table.name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())]!;
          const row = await access.insert!(insertRow(flow, table, instance.id, created));
          created.set(table.name, row);
          const pk = table.primaryKey?.columns.map(propertyKey) ?? [];
          if (pk.length === 0) continue;
          const key = Object.fromEntries(pk.map((p) => [p, row[p]]));
          expect(await access.get!(key)).toEqual(row);
          const listed = await access.list!(key);
          expect(listed).toEqual([row]);
          const text = table.columns.find((c) => c.type.base === 'text' && !table.primaryKey!.columns.includes(c.name) && !c.generated);
          if (text) expect((await access.update!(key, { [propertyKey(text.name)]: 'changed' }))[propertyKey(text.name)]).toBe('changed');
        }
        // the execution client, as the execution role: it reads everything; PostgreSQL refuses its writes
        const execPool = new pg.Pool({ connectionString: db.url('execution'), max: 1 });
        execPool.on('error', () => {});
        try {
          const Reader = Object.entries(mod).find(([name]) => name.endsWith('ExecutionClient'))![1] as new (db: pg.Pool) => Record<string, (...args: unknown[]) => Promise<any>>;
          const reader = new Reader(execPool);
          expect(await reader.get!(instance.id)).toEqual(await client.get!(instance.id));
          expect((await reader.dataVersions!(instance.id)).length).toBe(2);
          for (const table of flow.schema.tables) {
            await expect(execPool.query(`DELETE FROM ${JSON.stringify(flow.schema.schema)}.${JSON.stringify(table.name)}`)).rejects.toMatchObject({ code: '42501' });
            await expect(execPool.query(`SELECT count(*) FROM ${JSON.stringify(flow.schema.schema)}.${JSON.stringify(table.name)}`)).resolves.toBeDefined();
          }
        } finally {
          await execPool.end();
        }

        for (const table of [...flow.schema.tables].reverse().filter((t) => t.kind === 'flow' && t.primaryKey)) {
          const access = client[table.name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())]!;
          const row = created.get(table.name)!;
          const key = Object.fromEntries(table.primaryKey!.columns.map(propertyKey).map((p) => [p, row[p]]));
          expect(await access.delete!(key)).toBe(true);
          expect(await access.get!(key)).toBeUndefined();
        }
      } finally {
        await pool.end();
        await runtime.close();
        await db.drop();
      }
    });
  }
});
