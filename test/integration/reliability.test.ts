import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256, type Manifest } from '../../src/artifacts/index.ts';
import { checkDrift } from '../../src/drift/index.ts';
import { createRuntime } from '../../src/runtime/index.ts';
import { ROOT } from '../support/compile-dir.ts';
import { connect } from '../support/db.ts';
import { bootstrappedDatabase } from '../support/domain-db.ts';
import { copyGenerated } from '../support/generated-copy.ts';

const GENERATED = join(ROOT, 'generated');

function child(script: string, args: string[]): { done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>; pid: number | undefined; kill: () => void } {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support', script), ...args], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d) => (stdout += d));
  proc.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => proc.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { done, pid: proc.pid, kill: () => proc.kill('SIGKILL') };
}

describe('reliability on PostgreSQL', () => {
  it('4 processes x 10 concurrent first starts: the schema is created once, each migration recorded once, every start succeeds, no drift', async () => {
    const db = await bootstrappedDatabase('concurrency', 'onboarding');
    try {
      const runs = Array.from({ length: 4 }, (_, p) => child('first-starts.ts', [db.initUrl, db.url('orchestration'), GENERATED, 'onboarding', 'customer-onboarding', `p${p}`, '10']));
      const results = await Promise.all(runs.map((r) => r.done));
      for (const r of results) {
        expect(r.stderr).toBe('');
        expect(JSON.parse(r.stdout)).toEqual({ started: 10, failed: [] });
      }
      const c = await connect(db.adminUrl);
      try {
        expect((await c.query(`SELECT migration_id, count(*)::int AS n FROM sys_schemas.migration_history WHERE schema_name = 'customer_onboarding' GROUP BY 1 ORDER BY 1`)).rows).toEqual([
          { migration_id: '0001_1.0.0', n: 1 },
          { migration_id: '0002_1.1.0', n: 1 },
          { migration_id: '0003_1.2.0', n: 1 },
        ]);
        expect((await c.query(`SELECT migration_id FROM sys_schemas.migration_history WHERE schema_name = 'sys_schemas' ORDER BY id`)).rows).toEqual([{ migration_id: 'system_0001' }, { migration_id: 'system_0002' }]);
        expect((await c.query('SELECT count(*)::int AS n, count(DISTINCT key)::int AS keys FROM customer_onboarding.instances')).rows).toEqual([{ n: 40, keys: 40 }]);
        expect((await c.query('SELECT count(*)::int AS n FROM customer_onboarding.instance_data WHERE is_latest')).rows).toEqual([{ n: 40 }]);
      } finally {
        await c.end();
      }
      // and the schema that 40 racing first starts created is exactly what its migrations produce
      const report = await checkDrift({ domain: 'onboarding', connection: db.initUrl, scratch: db.driftUrl, generated: GENERATED });
      expect([report.checked, report.findings]).toEqual([['sys_flows', 'sys_views', 'sys_functions', 'sys_tasks', 'sys_extensions', 'sys_schemas', 'customer_onboarding', 'public'], []]);
    } finally {
      await db.drop();
    }
  });

  it('a process killed with SIGKILL in the middle of a migration leaves the database consistent; the next run completes', async () => {
    const gen = copyGenerated();
    const db = await bootstrappedDatabase('sigkill', 'notification');
    try {
      // Make the first migration of notification-dispatch slow, right before its end.
      const file = join(gen, 'notification/flows/notification_dispatch/migrations/0001_1.0.0.sql');
      const sql = `${readFileSync(file, 'utf8')}\nSELECT pg_sleep(2);\n`;
      writeFileSync(file, sql);
      const manifestPath = join(gen, 'notification/manifest.json');
      const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
      (m.schemas[0]!.migrations[0] as { sha256: string }).sha256 = sha256(sql);
      writeFileSync(manifestPath, JSON.stringify(m));

      const c = await connect(db.adminUrl);
      try {
        const victim = child('hold-migration.ts', [db.initUrl, gen, 'notification', 'notification-dispatch']);
        // Wait until the migration is running (its pg_sleep is visible), then kill the process.
        for (let i = 0; i < 200; i++) {
          const { rowCount } = await c.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep'`);
          if (rowCount) break;
          await new Promise((r) => setTimeout(r, 25));
        }
        victim.kill();
        const killed = await victim.done;
        expect(killed.signal).toBe('SIGKILL');
        expect((await c.query(`SELECT count(*)::int AS n FROM sys_schemas.migration_history WHERE schema_name = 'notification_dispatch'`)).rows[0].n).toBe(0);
        const runtime = createRuntime({ domain: 'notification', connection: db.initUrl, generated: gen });
        try {
          await runtime.ensureFlowSchema('notification-dispatch');
        } finally {
          await runtime.close();
        }
        expect((await c.query(`SELECT migration_id FROM sys_schemas.migration_history WHERE schema_name = 'notification_dispatch'`)).rows).toEqual([{ migration_id: '0001_1.0.0' }]);
        expect((await c.query(`SELECT count(*)::int AS n FROM notification_dispatch.templates`)).rows[0].n).toBe(3);
      } finally {
        await c.end();
      }
    } finally {
      await db.drop();
      rmSync(gen, { recursive: true, force: true });
    }
  });
});
