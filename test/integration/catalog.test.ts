import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/artifacts/index.ts';
import { readTree } from '../../src/cli/files.ts';
import { readLiveSchema } from '../../src/drift/index.ts';
import type { FlowModel } from '../../src/model/index.ts';
import { applyMigrationSql } from '../../src/runtime/index.ts';
import { compileDir, ROOT } from '../support/compile-dir.ts';
import { connect, freshDatabase } from '../support/db.ts';
import { comparableLive, expectedCatalog } from '../support/expected-catalog.ts';

/**
 * Every flow of the examples and of the golden cases: its migrations apply to
 * an empty database, and the live catalog then matches the model exactly.
 */
const sources = [
  { label: 'examples', dir: ROOT, generated: join(ROOT, 'generated') },
  ...['all-types', 'composite-keys', 'data-fields', 'imports-spreads', 'injection', 'minimal'].map((c) => ({
    label: c,
    dir: join(ROOT, 'test/golden/compile', c),
    generated: join(ROOT, 'test/golden/compile', c, 'expected'),
  })),
];

function byColumnName<T extends { tables: readonly { columns: readonly { name: string }[] }[] }>(schema: T): T {
  return { ...schema, tables: schema.tables.map((t) => ({ ...t, columns: [...t.columns].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) })) };
}

describe('live catalog matches the model', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let client: pg.Client;
  beforeAll(async () => {
    db = await freshDatabase('catalog');
    client = await connect(db.url);
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  for (const source of sources) {
    const compiled = compileDir(source.dir);
    const flows: FlowModel[] = compiled.model?.domains.flatMap((d) => d.flows) ?? [];
    const files = readTree(source.generated);
    for (const flow of flows) {
      it(`${source.label}: ${flow.key}`, async () => {
        const manifest = JSON.parse(files.get(`${flow.domain}/manifest.json`)!) as Manifest;
        const entry = manifest.schemas.find((s) => s.flow === flow.key)!;
        for (const m of entry.migrations) await applyMigrationSql(client, m.file, files.get(`${flow.domain}/${m.file}`)!);
        const live = comparableLive(await readLiveSchema(client, flow.schema.schema));
        const expected = await expectedCatalog(client, flow.schema);
        // PostgreSQL appends added columns, so after a chain of migrations column order is by history, not declaration.
        const order = entry.migrations.length > 1 ? byColumnName : (s: typeof live) => s;
        expect(order(live)).toEqual(order(expected));
      });
    }
  }

  it('customer_onboarding, spelled out: the documents table', async () => {
    const live = await readLiveSchema(client, 'customer_onboarding');
    const documents = live.tables.find((t) => t.name === 'documents')!;
    expect(documents.comment).toBe('Documents a customer uploaded during onboarding.');
    expect(documents.columns.map((c) => [c.name, c.type, c.nullable, c.default])).toEqual([
      ['id', 'uuid', false, 'gen_random_uuid()'],
      ['instance_id', 'uuid', false, null],
      ['kind', 'customer_onboarding.documents_kind', false, null],
      ['file_name', 'character varying(255)', false, null],
      ['size_bytes', 'bigint', false, null],
      ['checksum', 'character(64)', false, null],
      ['content', 'bytea', true, null],
      ['uploaded_at', 'timestamp with time zone', false, 'now()'],
      ['legacy_code', 'character varying(20)', true, null],
    ]);
    expect(documents.constraints.map((c) => [c.name, c.definition])).toEqual([
      ['documents_instance_id_fkey', 'FOREIGN KEY (instance_id) REFERENCES customer_onboarding.instances(id) ON DELETE CASCADE'],
      ['documents_pkey', 'PRIMARY KEY (id)'],
      ['file_name_not_empty', "CHECK (((file_name)::text <> ''::text))"],
      ['size_positive', 'CHECK ((size_bytes > 0))'],
    ]);
    expect(documents.indexes.map((i) => [i.name, i.columns, i.unique])).toEqual([
      ['documents_instance_id_kind_idx', ['instance_id', 'kind'], true],
      ['documents_pkey', ['id'], true],
    ]);
    expect(live.enums).toEqual([{ name: 'documents_kind', values: ['passport', 'id-card', 'utility-bill', 'selfie'] }]);
    const data = live.tables.find((t) => t.name === 'instance_data')!;
    expect(data.columns.filter((c) => c.generated).map((c) => [c.name, c.type, c.generated])).toEqual([
      ['customer_id', 'uuid', "((data ->> 'customerId'::text))::uuid"],
      ['email', 'text', "(data ->> 'email'::text)"],
      ['segment', 'text', "(data ->> 'segment'::text)"],
    ]);
    expect(data.indexes.map((i) => [i.name, i.columns, i.unique, i.where])).toEqual([
      ['instance_data_customer_id_idx', ['customer_id'], false, 'is_latest'],
      ['instance_data_email_idx', ['email'], true, 'is_latest'],
      ['instance_data_latest_idx', ['instance_id'], true, 'is_latest'],
      ['instance_data_pkey', ['instance_id', 'version'], true, null],
      ['instance_data_segment_idx', ['segment'], false, 'is_latest'],
    ]);
    const { rows } = await client.query('SELECT code, description, weight, enabled FROM customer_onboarding.risk_rules ORDER BY code');
    expect(rows).toEqual([
      { code: 'HIGH_RISK_COUNTRY', description: "Resident of a high-risk country (FATF's list)", weight: 6, enabled: false },
      { code: 'PEP', description: 'Politically exposed person', weight: 9, enabled: true },
      { code: 'SANCTIONS', description: 'Listed on a sanctions list', weight: 10, enabled: true },
    ]);
  });

  it('indexed data fields are filled from the data document', async () => {
    const id = (await client.query(`INSERT INTO customer_onboarding.instances (key, flow_version, current_state) VALUES ('k1', '1.2.0', 'collect-info') RETURNING id`)).rows[0].id;
    await client.query(`INSERT INTO customer_onboarding.instance_data (instance_id, version, data) VALUES ($1, 1, $2)`, [id, { customerId: '3f1c9c2e-0000-4000-8000-000000000001', email: 'a@b.c', segment: 'sme' }]);
    const { rows } = await client.query('SELECT customer_id, email, segment FROM customer_onboarding.instance_data WHERE instance_id = $1', [id]);
    expect(rows).toEqual([{ customer_id: '3f1c9c2e-0000-4000-8000-000000000001', email: 'a@b.c', segment: 'sme' }]);
    const second = (await client.query(`INSERT INTO customer_onboarding.instances (key, flow_version, current_state) VALUES ('k2', '1.2.0', 'collect-info') RETURNING id`)).rows[0].id;
    await expect(client.query(`INSERT INTO customer_onboarding.instance_data (instance_id, version, data) VALUES ($1, 1, $2)`, [second, { email: 'a@b.c' }])).rejects.toMatchObject({ code: '23505', constraint: 'instance_data_email_idx' });
  });

  it('hostile names and literals are stored verbatim', async () => {
    const live = await readLiveSchema(client, 'hostile_names');
    const table = live.tables.find((t) => t.name === 'pay"load; DROP SCHEMA public; --')!;
    expect(table.comment).toBe("it's a trap */ /* $$ \\ ;\n-- next line");
    expect(table.columns.map((c) => c.name)).toEqual(['i"d', "bo'dy$$", 'tag']);
    expect(table.columns[1]!.comment).toBe("O'Reilly \\n $tag$ -- x");
    expect(live.enums).toEqual([{ name: 'ta"g', values: ["a'b", 'c"d', 'e\\f', '$$', ';--'] }]);
    const { rows } = await client.query(`SELECT "i""d" AS id, "bo'dy$$" AS body, tag::text AS tag FROM hostile_names."pay""load; DROP SCHEMA public; --" ORDER BY 1`);
    expect(rows).toEqual([
      { id: 1, body: "'); DELETE FROM x; --", tag: "a'b" },
      { id: 2, body: "back\\slash \\' and $$dollar$$ and /* c */", tag: '$$' },
      { id: 3, body: 'line\nbreak\ttab', tag: ';--' },
    ]);
    const defaults = await client.query(`INSERT INTO hostile_names."pay""load; DROP SCHEMA public; --" ("i""d", tag) VALUES (4, '$$') RETURNING "bo'dy$$" AS body`);
    expect(defaults.rows).toEqual([{ body: "'; SELECT pg_sleep(10); --" }]);
    const schemas = await client.query(`SELECT nspname FROM pg_namespace WHERE nspname = 'public'`);
    expect(schemas.rowCount).toBe(1);
  });
});
