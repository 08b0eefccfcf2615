import { describe, expect, it } from 'vitest';
import { verifyMigration } from '../../src/emit/index.ts';
import { migrationSteps, readMigrationSteps } from '../../src/model/index.ts';
import { onlineSteps, type Change } from '../../src/plan/index.ts';

const table = { name: 'items', kind: 'flow', columns: [{ name: 'id', type: { base: 'integer', array: false }, nullable: false }], primaryKey: { name: 'items_pkey', columns: ['id'] }, uniques: [], checks: [], foreignKeys: [], indexes: [] } as const;

describe('migration steps as the runtime reads them', () => {
  it('a file without markers is one transaction step, read without the grammar', () => {
    expect(migrationSteps('f', 'ALTER TABLE a ADD b int;')).toEqual([{ number: 1, mode: 'transaction', sql: 'ALTER TABLE a ADD b int;' }]);
  });

  it('splits at markers between statements; a marker inside a string or a statement is not one', async () => {
    const sql = `-- header\n\n-- flowschema:step 1 transaction\nINSERT INTO t VALUES ('\n-- flowschema:step 2 concurrently\n');\n\n-- flowschema:step 2 concurrently\nCREATE INDEX CONCURRENTLY i ON t (a);\n`;
    const steps = await readMigrationSteps('f', sql);
    expect(steps.map((s) => [s.number, s.mode])).toEqual([[1, 'transaction'], [2, 'concurrently']]);
    expect(steps[0]!.sql).toBe(`-- flowschema:step 1 transaction\nINSERT INTO t VALUES ('\n-- flowschema:step 2 concurrently\n');\n\n`);
    expect(steps.map((s) => s.sql).join('')).toBe(sql.slice(sql.indexOf('-- flowschema:step 1')));
  });

  it('refuses markers out of order, inside a statement, or after statements', async () => {
    await expect(readMigrationSteps('f', '-- flowschema:step 2 transaction\nSELECT 1;')).rejects.toThrow('f: step marker 1 is numbered 2: steps are numbered 1, 2, 3… in order');
    await expect(readMigrationSteps('f', '-- flowschema:step 1 transaction\nSELECT\n-- flowschema:step 2 validate\n1;')).rejects.toThrow('f: a step marker (-- flowschema:step 2 validate) stands inside a statement');
    await expect(readMigrationSteps('f', 'SELECT 1;\n-- flowschema:step 1 transaction\nSELECT 2;')).rejects.toThrow('f: statements stand before the first step marker');
  });
});

describe('online steps (plan/online.ts)', () => {
  const s = 'evo';
  it('a migration that touches no table holding data stays one transaction, in plan order', () => {
    const changes: Change[] = [
      { kind: 'CreateTable', schema: s, table },
      { kind: 'CreateIndex', schema: s, table: 'items', index: { name: 'items_id_idx', columns: ['id'], unique: false } },
      { kind: 'AddCheck', schema: s, table: 'items', check: { name: 'c', expression: 'id > 0' } },
    ];
    expect(onlineSteps(changes)).toEqual([{ mode: 'transaction', changes }]);
  });

  it('moves index builds out, adds constraints NOT VALID and validates them later, sets NOT NULL through a check', () => {
    const steps = onlineSteps([
      { kind: 'DropIndex', schema: s, name: 'old_idx' },
      { kind: 'AddCheck', schema: s, table: 'items', check: { name: 'c', expression: 'id > 0' } },
      { kind: 'SetNotNull', schema: s, table: 'items', column: 'name' },
      { kind: 'CreateIndex', schema: s, table: 'items', index: { name: 'items_name_idx', columns: ['name'], unique: false } },
      { kind: 'RunSql', schema: s, label: 'after', sql: 'SELECT 1' },
    ]);
    expect(steps.map((st) => [st.mode, st.changes.map((c) => c.kind + ('concurrently' in c && c.concurrently ? ' concurrently' : '') + ('notValid' in c && c.notValid ? ' NOT VALID' : ''))])).toEqual([
      ['concurrently', ['DropIndex concurrently']],
      ['concurrently', ['CreateIndex concurrently']],
      // the after SQL first, then the checks: no update of an old row fails on a check before the rows are filled
      ['transaction', ['RunSql', 'AddCheck NOT VALID', 'AddCheck NOT VALID']],
      ['validate', ['ValidateConstraint', 'ValidateConstraint']],
      ['transaction', ['SetNotNull', 'DropConstraint']],
    ]);
  });

  it('compile refuses to write a file whose steps the runtime would read otherwise', () => {
    const changes: Change[] = [{ kind: 'CreateIndex', schema: s, table: 'items', index: { name: 'i', columns: ['id'], unique: false }, concurrently: true }];
    const steps = onlineSteps(changes);
    const good = '-- flowschema:step 1 concurrently\nCREATE INDEX CONCURRENTLY IF NOT EXISTS "i" ON "evo"."items" ("id");\n';
    expect(() => verifyMigration('m', good, changes, steps)).not.toThrow();
    expect(() => verifyMigration('m', good.replace('CONCURRENTLY ', ''), changes, steps)).toThrow('refusing to write m, step 1: 0 statement(s) run CONCURRENTLY in a concurrently step (1 expected, alone in its step)');
    expect(() => verifyMigration('m', good.replace('-- flowschema:step 1 concurrently', '-- flowschema:step 1 transaction'), changes, steps)).toThrow('the runtime would read 1 step(s) (transaction) where the plan has 1 (concurrently)');
  });
});
