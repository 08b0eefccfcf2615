import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/runtime/index.ts';
import { connect } from '../support/db.ts';
import { bootstrappedDatabase } from '../support/domain-db.ts';
import { syntheticSources, writeSyntheticGenerated } from '../support/synthetic.ts';

const N = 500;

describe('500 flow schemas', () => {
  it(`${N} created schemas upgrade in one run on default settings (one transaction per schema)`, { timeout: 300_000 }, async () => {
    const v1 = mkdtempSync(join(tmpdir(), 'flowschema-500-v1-'));
    const v2 = mkdtempSync(join(tmpdir(), 'flowschema-500-v2-'));
    const db = await bootstrappedDatabase('many', 'bench');
    try {
      const first = writeSyntheticGenerated(v1, syntheticSources(N));
      writeSyntheticGenerated(v2, syntheticSources(N, '1.1.0', "\n        note: { type: 'text', optional: true },"), first);
      const runtime = createRuntime({ domain: 'bench', connection: db.initUrl, generated: v1 });
      try {
        await runtime.start();
        for (let i = 1; i <= N; i++) await runtime.ensureFlowSchema(`flow-${i}`);
      } finally {
        await runtime.close();
      }
      const upgraded = createRuntime({ domain: 'bench', connection: db.initUrl, generated: v2 });
      let applied: string[];
      try {
        applied = await upgraded.upgrade();
      } finally {
        await upgraded.close();
      }
      expect(applied.length).toBe(N);
      expect(applied[0]).toBe('flow_1/0002_1.1.0');
      const c = await connect(db.adminUrl);
      try {
        expect((await c.query('SHOW max_locks_per_transaction')).rows[0].max_locks_per_transaction).toBe('64');
        expect((await c.query(`SELECT migration_id, count(*)::int AS n FROM sys_schemas.migration_history WHERE schema_name LIKE 'flow\\_%' GROUP BY 1 ORDER BY 1`)).rows).toEqual([
          { migration_id: '0001_1.0.0', n: N },
          { migration_id: '0002_1.1.0', n: N },
        ]);
        expect((await c.query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE column_name = 'note' AND table_name = 'items'`)).rows[0].n).toBe(N);
      } finally {
        await c.end();
      }
    } finally {
      await db.drop();
      rmSync(v1, { recursive: true, force: true });
      rmSync(v2, { recursive: true, force: true });
    }
  });
});
