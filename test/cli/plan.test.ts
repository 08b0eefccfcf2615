import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTree } from '../../src/cli/files.ts';
import { flowschema, scratchProject } from '../support/cli.ts';
import { ROOT } from '../support/compile-dir.ts';

describe('flowschema plan', () => {
  it('shows the next migration in words and SQL, writes nothing, and compile then writes exactly it', () => {
    const project = scratchProject(join(ROOT, 'definitions'));
    try {
      expect(flowschema(['compile'], project).status).toBe(0);
      expect(flowschema(['plan'], project).stdout).toBe('No schema changes: compile would write no new migration.\n');
      const file = join(project, 'definitions/payment/payment-process.flow.ts');
      const original = readFileSync(file, 'utf8');
      const changed = (allowance: string) =>
        original
          .replace("version: '3.1.0'", `version: '3.2.0'${allowance}`)
          .replace("fixedCents: { type: 'integer', default: 0 },", "fixedCents: { type: 'bigint', default: 0 },\n        note: { type: 'text', optional: true },");
      const before = readTree(join(project, 'generated'));
      // integer to bigint rewrites the table under its lock: refused until the version allows it by name (FS2103).
      writeFileSync(file, changed(''));
      const refused = flowschema(['plan', '--flow', 'payment-process'], project);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(
        "error FS2103: change the type of fees.fixed_cents takes ACCESS EXCLUSIVE on fees while it rewrites the table (blocking reads and writes of a live flow), and no online form exists for it\n  hint: a type change that rewrites: expand and contract by hand (a new column, a backfill, a switch), or allow it knowing the table is small; to run it anyway, add 'fees.fixedCents' to migrations['3.2.0'].allowLocking\n",
      );
      writeFileSync(file, changed(", migrations: { '3.2.0': { allowLocking: ['fees.fixedCents'] } }"));
      const run = flowschema(['plan', '--flow', 'payment-process'], project);
      expect(run.status).toBe(0);
      const lines = run.stdout.split('\n');
      expect(lines.slice(0, 10)).toEqual([
        'payment-process (payment/payment_process): 3.1.0 -> 3.2.0, generated/payment/flows/payment_process/migrations/0002_3.2.0.sql',
        '  - add column fees.note',
        '  - change the type of fees.fixed_cents',
        '  - set the default of fees.fixed_cents',
        '  locks on tables that may hold data:',
        '    · add column fees.note: fees: ACCESS EXCLUSIVE briefly (blocks reads and writes)',
        '    ! change the type of fees.fixed_cents: fees: ACCESS EXCLUSIVE while it rewrites the table (blocks reads and writes)',
        '      safe form: a type change that rewrites: expand and contract by hand (a new column, a backfill, a switch), or allow it knowing the table is small',
        '    · set the default of fees.fixed_cents: fees: ACCESS EXCLUSIVE briefly (blocks reads and writes)',
        '',
      ]);
      expect(run.stdout).toContain('ALTER TABLE "payment_process"."fees" ALTER COLUMN "fixed_cents" TYPE bigint;\n');
      expect(run.stdout).toContain('ALTER TABLE "payment_process"."fees" ADD COLUMN "note" text;\n');
      expect(lines.at(-2)).toBe('1 migration(s) pending, 1 step(s) holding a lock that blocks a live flow for more than a moment (!); run flowschema compile to write them.');
      expect(readTree(join(project, 'generated'))).toEqual(before);

      const json = JSON.parse(flowschema(['plan', '--json'], project).stdout);
      expect(json.migrations.map((m: { id: string; flow: string; fromVersion: string; toVersion: string }) => [m.id, m.flow, m.fromVersion, m.toVersion])).toEqual([['0002_3.2.0', 'payment-process', '3.1.0', '3.2.0']]);
      expect(json.migrations[0].locks.map((l: { table: string; lock: string; holds: string; unsafe?: string }) => [l.table, l.lock, l.holds, l.unsafe !== undefined])).toEqual([
        ['fees', 'ACCESS EXCLUSIVE', 'briefly', false],
        ['fees', 'ACCESS EXCLUSIVE', 'while it rewrites the table', true],
        ['fees', 'ACCESS EXCLUSIVE', 'briefly', false],
      ]);
      const sql = json.migrations[0].sql as string;

      expect(flowschema(['compile'], project).stdout).toContain('created  generated/payment/flows/payment_process/migrations/0002_3.2.0.sql\n');
      expect(readFileSync(join(project, 'generated/payment/flows/payment_process/migrations/0002_3.2.0.sql'), 'utf8')).toBe(sql);
      expect(readFileSync(join(project, 'generated/payment/flows/payment_process/migrations/0001_3.1.0.sql'), 'utf8')).toBe(before.get('payment/flows/payment_process/migrations/0001_3.1.0.sql'));
      expect(flowschema(['plan'], project).stdout).toBe('No schema changes: compile would write no new migration.\n');
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('a change to a table that may hold data: the steps it runs in, and the lock of each step', () => {
    const project = scratchProject(join(ROOT, 'definitions'));
    try {
      expect(flowschema(['compile'], project).status).toBe(0);
      const file = join(project, 'definitions/payment/payment-process.flow.ts');
      writeFileSync(file, readFileSync(file, 'utf8').replace("version: '3.1.0'", "version: '3.2.0'").replace("checks: { rate_range: 'rate >= 0 AND rate < 1' },", "checks: { rate_range: 'rate >= 0 AND rate < 1', fixed_non_negative: 'fixed_cents >= 0' },\n      indexes: [{ columns: ['rate'] }],"));
      const run = flowschema(['plan', '--flow', 'payment-process'], project);
      expect(run.stderr).toBe('');
      expect(run.stdout.split('\n').slice(0, 12)).toEqual([
        'payment-process (payment/payment_process): 3.1.0 -> 3.2.0, generated/payment/flows/payment_process/migrations/0002_3.2.0.sql',
        '  - add check fixed_non_negative on fees',
        '  - create index fees_rate_idx on fees (rate)',
        '  in 3 step(s), each recorded as it commits (an upgrade stopped midway resumes there):',
        '    1. concurrently: create index fees_rate_idx on fees (rate) concurrently',
        '    2. transaction: add check fixed_non_negative on fees (NOT VALID)',
        '    3. validate: validate constraint fixed_non_negative on fees',
        '  locks on tables that may hold data:',
        '    · step 1: create index fees_rate_idx on fees (rate) concurrently: fees: SHARE UPDATE EXCLUSIVE while it builds the index (blocks schema changes)',
        '    · step 2: add check fixed_non_negative on fees (NOT VALID): fees: ACCESS EXCLUSIVE briefly (blocks reads and writes)',
        '    · step 3: validate constraint fixed_non_negative on fees: fees: SHARE UPDATE EXCLUSIVE while it scans the table (blocks schema changes)',
        '',
      ]);
      expect(run.stdout).toContain('\n-- flowschema:step 1 concurrently\n\nCREATE INDEX CONCURRENTLY IF NOT EXISTS "fees_rate_idx" ON "payment_process"."fees" ("rate");\n');
      const json = JSON.parse(flowschema(['plan', '--json'], project).stdout);
      expect(json.migrations[0].steps.map((st: { number: number; mode: string }) => [st.number, st.mode])).toEqual([[1, 'concurrently'], [2, 'transaction'], [3, 'validate']]);
      expect(json.migrations[0].locks.map((l: { step: number }) => l.step)).toEqual([1, 2, 3]);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('an unknown --flow is bad usage', () => {
    const run = flowschema(['plan', '--flow', 'nope'], ROOT);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("flowschema: no flow with key 'nope'\n");
  });
});
