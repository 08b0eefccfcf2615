import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDrift, fixScript } from '../../src/drift/index.ts';
import { createRuntime } from '../../src/runtime/index.ts';
import { ROOT } from '../support/compile-dir.ts';
import { connect } from '../support/db.ts';
import { withoutConnect } from '../support/pg-dump.ts';
import { bootstrappedDatabase, type TestDomainDatabase } from '../support/domain-db.ts';

const GENERATED = join(ROOT, 'generated');
type Db = TestDomainDatabase;

describe('drift', () => {
  let live: Db;
  let admin: pg.Client;
  beforeAll(async () => {
    live = await bootstrappedDatabase('drift_live', 'onboarding');
    const runtime = createRuntime({ domain: 'onboarding', connection: live.initUrl, generated: GENERATED });
    await runtime.ensureFlowSchema('customer-onboarding');
    await runtime.close();
    // Drift is injected the way an operator would: as a superuser.
    admin = await connect(live.adminUrl);
  });
  afterAll(async () => {
    await admin?.end();
    await live?.drop();
  });

  async function check(): Promise<object[]> {
    const report = await checkDrift({ domain: 'onboarding', connection: live.initUrl, scratch: live.driftUrl, generated: GENERATED });
    return report.findings.map(({ fix: _fix, definition: _definition, ...f }) => f);
  }

  async function expectDrift(inject: string, revert: string, expected: object[]): Promise<void> {
    await admin.query(inject);
    try {
      expect(await check()).toEqual(expected);
    } finally {
      await admin.query(revert);
    }
  }

  const co = (kind: string, object: string, property: string | undefined, expected: string | null, liveValue: string | null) => ({ schema: 'customer_onboarding', kind, object, ...(property !== undefined && { property }), expected, live: liveValue });

  it('no false positives right after creation', async () => {
    expect(await check()).toEqual([]);
  });

  it('a column added, dropped, retyped, made nullable, given a new default; a column renamed', async () => {
    await expectDrift('ALTER TABLE customer_onboarding.documents ADD COLUMN extra text', 'ALTER TABLE customer_onboarding.documents DROP COLUMN extra', [co('column added', 'documents.extra', undefined, null, 'text')]);
    await expectDrift('ALTER TABLE customer_onboarding.documents DROP COLUMN legacy_code', 'ALTER TABLE customer_onboarding.documents ADD COLUMN legacy_code varchar(20)', [co('column dropped', 'documents.legacy_code', undefined, 'character varying(20)', null)]);
    await expectDrift('ALTER TABLE customer_onboarding.documents ALTER COLUMN file_name TYPE text', 'ALTER TABLE customer_onboarding.documents ALTER COLUMN file_name TYPE varchar(255)', [
      co('column changed', 'documents.file_name', 'type', 'character varying(255)', 'text'),
      // PostgreSQL re-parses the check on the retyped column: a true difference too.
      co('constraint changed', 'documents.file_name_not_empty', 'definition', "CHECK (((file_name)::text <> ''::text))", "CHECK ((file_name <> ''::text))"),
    ]);
    await expectDrift('ALTER TABLE customer_onboarding.documents ALTER COLUMN kind DROP NOT NULL', 'ALTER TABLE customer_onboarding.documents ALTER COLUMN kind SET NOT NULL', [co('column changed', 'documents.kind', 'not null', 'yes', 'no')]);
    await expectDrift(`ALTER TABLE customer_onboarding.kyc_results ALTER COLUMN provider SET DEFAULT 'acme'`, `ALTER TABLE customer_onboarding.kyc_results ALTER COLUMN provider SET DEFAULT 'internal'`, [co('column changed', 'kyc_results.provider', 'default', "'internal'::text", "'acme'::text")]);
    await expectDrift('ALTER TABLE customer_onboarding.documents RENAME COLUMN checksum TO sha', 'ALTER TABLE customer_onboarding.documents RENAME COLUMN sha TO checksum', [
      co('column added', 'documents.sha', undefined, null, 'character(64) NOT NULL'),
      co('column dropped', 'documents.checksum', undefined, 'character(64) NOT NULL', null),
    ]);
  });

  it('an index dropped, added, changed to unique', async () => {
    await expectDrift('DROP INDEX customer_onboarding.documents_instance_id_kind_idx', 'CREATE UNIQUE INDEX documents_instance_id_kind_idx ON customer_onboarding.documents (instance_id, kind)', [co('index dropped', 'documents_instance_id_kind_idx', undefined, 'CREATE UNIQUE INDEX documents_instance_id_kind_idx ON customer_onboarding.documents USING btree (instance_id, kind)', null)]);
    await expectDrift('CREATE INDEX extra_idx ON customer_onboarding.documents (file_name)', 'DROP INDEX customer_onboarding.extra_idx', [co('index added', 'extra_idx', undefined, null, 'CREATE INDEX extra_idx ON customer_onboarding.documents USING btree (file_name)')]);
    await expectDrift(
      'DROP INDEX customer_onboarding.kyc_results_instance_id_created_at_idx; CREATE UNIQUE INDEX kyc_results_instance_id_created_at_idx ON customer_onboarding.kyc_results (instance_id, created_at)',
      'DROP INDEX customer_onboarding.kyc_results_instance_id_created_at_idx; CREATE INDEX kyc_results_instance_id_created_at_idx ON customer_onboarding.kyc_results (instance_id, created_at)',
      [co('index changed', 'kyc_results_instance_id_created_at_idx', 'unique', 'no', 'yes')],
    );
  });

  it("a constraint dropped or added; a foreign key's ON DELETE changed", async () => {
    await expectDrift('ALTER TABLE customer_onboarding.documents DROP CONSTRAINT size_positive', 'ALTER TABLE customer_onboarding.documents ADD CONSTRAINT size_positive CHECK (size_bytes > 0)', [co('constraint dropped', 'documents.size_positive', undefined, 'CHECK ((size_bytes > 0))', null)]);
    await expectDrift('ALTER TABLE customer_onboarding.documents ADD CONSTRAINT small CHECK (size_bytes < 100)', 'ALTER TABLE customer_onboarding.documents DROP CONSTRAINT small', [co('constraint added', 'documents.small', undefined, null, 'CHECK ((size_bytes < 100))')]);
    await expectDrift(
      'ALTER TABLE customer_onboarding.documents DROP CONSTRAINT documents_instance_id_fkey, ADD CONSTRAINT documents_instance_id_fkey FOREIGN KEY (instance_id) REFERENCES customer_onboarding.instances (id)',
      'ALTER TABLE customer_onboarding.documents DROP CONSTRAINT documents_instance_id_fkey, ADD CONSTRAINT documents_instance_id_fkey FOREIGN KEY (instance_id) REFERENCES customer_onboarding.instances (id) ON DELETE CASCADE',
      [co('constraint changed', 'documents.documents_instance_id_fkey', 'definition', 'FOREIGN KEY (instance_id) REFERENCES customer_onboarding.instances(id) ON DELETE CASCADE', 'FOREIGN KEY (instance_id) REFERENCES customer_onboarding.instances(id)')],
    );
  });

  it('a table added or dropped; a trigger, a view, a function added; a grant to PUBLIC; a sequence changed', async () => {
    await expectDrift('CREATE TABLE customer_onboarding.extra (id int)', 'DROP TABLE customer_onboarding.extra', [co('table added', 'extra', undefined, null, 'exists')]);
    await expectDrift('ALTER TABLE customer_onboarding.risk_rules RENAME TO risk_rules_old', 'ALTER TABLE customer_onboarding.risk_rules_old RENAME TO risk_rules', [co('table added', 'risk_rules_old', undefined, null, 'exists'), co('table dropped', 'risk_rules', undefined, 'exists', null)]);
    await expectDrift(
      `CREATE FUNCTION customer_onboarding.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$; CREATE TRIGGER touch BEFORE UPDATE ON customer_onboarding.instances FOR EACH ROW EXECUTE FUNCTION customer_onboarding.touch()`,
      'DROP TRIGGER touch ON customer_onboarding.instances; DROP FUNCTION customer_onboarding.touch()',
      [
        co('function added', 'touch()', undefined, null, expect.any(String) as unknown as string),
        co('trigger added', 'instances.touch', undefined, null, 'CREATE TRIGGER touch BEFORE UPDATE ON customer_onboarding.instances FOR EACH ROW EXECUTE FUNCTION customer_onboarding.touch()'),
      ],
    );
    await expectDrift('CREATE VIEW customer_onboarding.active AS SELECT id FROM customer_onboarding.instances', 'DROP VIEW customer_onboarding.active', [co('view added', 'active', undefined, null, ' SELECT instances.id\n   FROM customer_onboarding.instances;')]);
    await expectDrift('GRANT SELECT ON customer_onboarding.documents TO PUBLIC', 'REVOKE SELECT ON customer_onboarding.documents FROM PUBLIC', [
      co('table changed', 'documents', 'privileges', 'onboarding_execution=r/onboarding_init, onboarding_init=arwdDxt/onboarding_init, onboarding_orchestration=arwd/onboarding_init', '=r/onboarding_init, onboarding_execution=r/onboarding_init, onboarding_init=arwdDxt/onboarding_init, onboarding_orchestration=arwd/onboarding_init'),
    ]);
    await expectDrift('ALTER SEQUENCE customer_onboarding.instance_transitions_id_seq INCREMENT BY 5', 'ALTER SEQUENCE customer_onboarding.instance_transitions_id_seq INCREMENT BY 1', [
      co('sequence changed', 'instance_transitions_id_seq', 'increment', '1', '5'),
    ]);
  });

  it('back to no drift once every injected change was reverted', async () => {
    expect(await check()).toEqual([]);
  });

  it('an enum value added: the fix rebuilds the type as the init role, keeps the default, and leaves no drift', async () => {
    await admin.query(`ALTER TYPE customer_onboarding.documents_kind ADD VALUE 'visa'`);
    const report = await checkDrift({ domain: 'onboarding', connection: live.initUrl, scratch: live.driftUrl, generated: GENERATED });
    expect(report.findings.map((f) => [f.kind, f.object, f.property, f.expected, f.live])).toEqual([
      ['enum changed', 'documents_kind', 'values', "'passport', 'id-card', 'utility-bill', 'selfie'", "'passport', 'id-card', 'utility-bill', 'selfie', 'visa'"],
    ]);
    expect(report.findings[0]!.fix).toEqual(ENUM_FIX);
    await admin.query(withoutConnect(fixScript([report])));
    expect(await check()).toEqual([]);
    const owner = await admin.query(`SELECT pg_get_userbyid(typowner) AS owner FROM pg_type WHERE oid = 'customer_onboarding.documents_kind'::regtype`);
    expect(owner.rows).toEqual([{ owner: 'onboarding_init' }]);
  });

  it('history: a row deleted, a checksum edited, a schema dropped behind the registry, a flow schema outside it', async () => {
    const db = await bootstrappedDatabase('drift_history', 'onboarding');
    try {
      const r = createRuntime({ domain: 'onboarding', connection: db.initUrl, generated: GENERATED });
      await r.ensureFlowSchema('customer-onboarding');
      await r.ensureFlowSchema('document-approval');
      await r.close();
      const c = await connect(db.adminUrl);
      try {
        await c.query(`DELETE FROM sys_schemas.migration_history WHERE schema_name = 'customer_onboarding' AND migration_id = '0003_1.2.0'`);
        await c.query(`UPDATE sys_schemas.migration_history SET sha256 = 'edited' WHERE schema_name = 'customer_onboarding' AND migration_id = '0001_1.0.0'`);
        await c.query('DROP SCHEMA document_approval CASCADE');
        await c.query(`CREATE SCHEMA payment_process`);
      } finally {
        await c.end();
      }
      {
        const report = await checkDrift({ domain: 'onboarding', connection: db.initUrl, scratch: db.driftUrl, generated: GENERATED });
        const history = report.findings.filter((f) => ['migration pending', 'checksum mismatch', 'schema missing', 'schema not in registry', 'migration unknown'].includes(f.kind));
        expect(history.map((f) => [f.schema, f.kind, f.object])).toEqual([
          ['customer_onboarding', 'checksum mismatch', '0001_1.0.0'],
          ['customer_onboarding', 'migration pending', '0003_1.2.0'],
          ['document_approval', 'schema missing', 'document_approval'],
        ]);
        expect(report.drift).toBe(true);
      }
    } finally {
      await db.drop();
    }
  });
});

describe('drift across flows of one shape', () => {
  let gen: string;
  let db: Db;
  let cacheDir: string;
  beforeAll(async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { syntheticSources, writeSyntheticGenerated } = await import('../support/synthetic.ts');
    gen = mkdtempSync(join(tmpdir(), 'flowschema-drift-shape-'));
    cacheDir = mkdtempSync(join(tmpdir(), 'flowschema-drift-cache-'));
    db = await bootstrappedDatabase('drift_shape', 'bench');
    writeSyntheticGenerated(gen, syntheticSources(3));
    const r = createRuntime({ domain: 'bench', connection: db.initUrl, generated: gen });
    for (const flow of ['flow-1', 'flow-2', 'flow-3']) await r.ensureFlowSchema(flow);
    await r.close();
  });
  afterAll(async () => {
    const { rmSync } = await import('node:fs');
    await db?.drop();
    rmSync(gen, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  /**
   * checkDrift with a scratch database connected to only when needed; `opened` says whether it was.
   * With `cacheRoot`, expected fingerprints come from and go to that project's cache file, as the CLI keeps them.
   */
  async function check(options: { cacheRoot?: string; schema?: string } = {}) {
    const { readDriftCache, writeDriftCache } = await import('../../src/cli/cache-file.ts');
    const cache = options.cacheRoot === undefined ? undefined : readDriftCache(options.cacheRoot);
    const sizeBefore = cache?.size ?? 0;
    let opened = false;
    {
      const report = await checkDrift({
        domain: 'bench',
        connection: db.initUrl,
        scratch: async () => {
          opened = true;
          return db.driftUrl;
        },
        generated: gen,
        ...(cache !== undefined && { cache }),
        ...(options.schema !== undefined && { schema: options.schema }),
      });
      if (cache !== undefined) writeDriftCache(options.cacheRoot!, cache, sizeBefore);
      return { report, opened };
    }
  }
  const alter = async (sql: string) => {
    const c = await connect(db.adminUrl);
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };

  it('flows that share one expected build still have their own drift found', async () => {
    await alter('ALTER TABLE flow_2.items ALTER COLUMN qty DROP DEFAULT');
    try {
      const { report } = await check();
      expect(report.findings.map((f) => [f.schema, f.kind, f.object, f.property, f.expected, f.live])).toEqual([['flow_2', 'column changed', 'items.qty', 'default', '0', null]]);
      expect(report.checked).toEqual(['sys_flows', 'sys_views', 'sys_functions', 'sys_tasks', 'sys_extensions', 'sys_schemas', 'flow_1', 'flow_2', 'flow_3', 'public']);
    } finally {
      await alter('ALTER TABLE flow_2.items ALTER COLUMN qty SET DEFAULT 0');
    }
  });

  it('expected fingerprints are kept in the cache file: a second run builds nothing, and drift is still found', async () => {
    const { readFileSync } = await import('node:fs');
    const { driftCachePath } = await import('../../src/cli/cache-file.ts');
    const first = await check({ cacheRoot: cacheDir });
    expect([first.opened, first.report.findings]).toEqual([true, []]);
    // one entry per system schema, one for the three flows' shared chain, one for public and one for the database around the schemas
    expect(Object.keys(JSON.parse(readFileSync(driftCachePath(cacheDir), 'utf8')).prints)).toHaveLength(9);
    const second = await check({ cacheRoot: cacheDir });
    expect([second.opened, second.report.findings]).toEqual([false, []]);
    await alter('ALTER TABLE flow_3.items ADD COLUMN note text');
    try {
      const third = await check({ cacheRoot: cacheDir });
      // the suspect is built under its own name to be compared object by object
      expect(third.opened).toBe(true);
      expect(third.report.findings.map((f) => [f.schema, f.kind, f.object, f.expected, f.live])).toEqual([['flow_3', 'column added', 'items.note', null, 'text']]);
    } finally {
      await alter('ALTER TABLE flow_3.items DROP COLUMN note');
    }
  });

  it('a cache file that is not ours is ignored, not trusted', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { driftCachePath } = await import('../../src/cli/cache-file.ts');
    const root = join(cacheDir, 'foreign');
    mkdirSync(join(root, '.flowschema', 'cache'), { recursive: true });
    writeFileSync(driftCachePath(root), '{"version": 1, "prints": "nonsense"');
    const { report, opened } = await check({ cacheRoot: root });
    expect([opened, report.findings]).toEqual([true, []]);
  });

  it('two drifted schemas: each fix given to its own schema, one script restores both', async () => {
    await alter('ALTER TABLE flow_1.items ALTER COLUMN name TYPE text; DROP INDEX flow_3.items_name_idx');
    try {
      const report = await checkDrift({ domain: 'bench', connection: db.initUrl, scratch: db.driftUrl, generated: gen });
      expect(report.findings.map((f) => [f.schema, f.kind, f.object, f.property, f.fix])).toEqual(TWO_FIXES);
      await alter(withoutConnect(fixScript([report])));
      expect((await check()).report.findings).toEqual([]);
    } finally {
      await alter('ALTER TABLE flow_1.items ALTER COLUMN name TYPE varchar(100); CREATE UNIQUE INDEX IF NOT EXISTS items_name_idx ON flow_3.items (name)');
    }
  });

  it('--schema: one schema checked, its history and catalog only', async () => {
    const { report } = await check({ schema: 'flow_2' });
    expect([report.checked, report.findings]).toEqual([['flow_2'], []]);
  });
});

const ENUM_FIX = [
  { as: 'init', step: 10, sql: 'ALTER TYPE customer_onboarding.documents_kind RENAME TO "documents_kind__flowschema_old"' },
  { as: 'init', step: 10, sql: "CREATE TYPE customer_onboarding.documents_kind AS ENUM ('passport', 'id-card', 'utility-bill', 'selfie')" },
  { as: 'init', step: 10, sql: 'ALTER TABLE customer_onboarding.documents ALTER COLUMN kind TYPE customer_onboarding.documents_kind USING kind::text::customer_onboarding.documents_kind' },
  { as: 'init', step: 10, sql: 'DROP TYPE customer_onboarding."documents_kind__flowschema_old"' },
  { as: 'init', step: 80, sql: 'REVOKE ALL ON TYPE customer_onboarding.documents_kind FROM PUBLIC, "onboarding_init"' },
  { as: 'init', step: 80, sql: 'GRANT USAGE ON TYPE customer_onboarding.documents_kind TO PUBLIC' },
  { as: 'init', step: 80, sql: 'GRANT USAGE ON TYPE customer_onboarding.documents_kind TO "onboarding_init"' },
];
const TWO_FIXES = [
  ['flow_1', 'column changed', 'items.name', 'type', [{ as: 'init', step: 35, sql: 'ALTER TABLE flow_1.items ALTER COLUMN name TYPE character varying(100) USING name::character varying(100)' }]],
  ['flow_3', 'index dropped', 'items_name_idx', undefined, [{ as: 'init', step: 41, sql: 'CREATE UNIQUE INDEX items_name_idx ON flow_3.items USING btree (name)' }]],
];
