import { describe, expect, it } from 'vitest';
import type { Column, ColumnType } from '../../src/model/index.ts';
import { changeLocks, describeLock, type Change } from '../../src/plan/index.ts';

/**
 * The table lock each change takes (what `plan` shows), as PostgreSQL 15
 * documents them: a catalog change holds ACCESS EXCLUSIVE briefly; a scan, a
 * rewrite or an index build holds its lock for as long as the table is big,
 * and is unsafe on a table that may hold data; a table the same migration
 * creates is nobody's to wait for.
 */
const t = (base: ColumnType['base'], more: Partial<ColumnType> = {}): ColumnType => ({ base, array: false, ...more });
const col = (name: string, type: ColumnType, more: Partial<Column> = {}): Column => ({ name, type, nullable: true, ...more }) as Column;
const s = 'f';

function locks(changes: Change[]): string[] {
  return changeLocks(changes).map(({ change, lock }) => `${change.kind}: ${describeLock(lock)}${lock.unsafe ? ' UNSAFE' : ''}`);
}

describe('the locks a migration takes', () => {
  it('tells a volatile default by the functions PostgreSQL parses it to call, not by its text', () => {
    const add = (name: string, text: string): Change => ({ kind: 'AddColumn', schema: s, table: 'a', column: col(name, t('text'), { default: { kind: 'sql', text } }) });
    expect(locks([add('quoted', "'random() and nextval('"), add('qualified', 'public.gen_random_uuid()::text'), add('cased', 'MD5(RANDOM()::text)')])).toEqual([
      'AddColumn: a: ACCESS EXCLUSIVE briefly (blocks reads and writes)',
      'AddColumn: a: ACCESS EXCLUSIVE while it rewrites the table (blocks reads and writes) UNSAFE',
      'AddColumn: a: ACCESS EXCLUSIVE while it rewrites the table (blocks reads and writes) UNSAFE',
    ]);
  });

  it('names each change on an existing table with its lock, how long it holds it, and whether that stalls a live flow', () => {
    expect(
      locks([
        { kind: 'AddColumn', schema: s, table: 'a', column: col('x', t('text')) },
        { kind: 'AddColumn', schema: s, table: 'a', column: col('id2', t('uuid'), { default: { kind: 'sql', text: 'gen_random_uuid()' } }) },
        { kind: 'AddColumn', schema: s, table: 'a', column: col('at', t('timestamptz'), { default: { kind: 'sql', text: 'now()' } }) },
        { kind: 'AddColumn', schema: s, table: 'instance_data', column: col('amount', t('numeric'), { generated: "(data->>'amount')::numeric" }) },
        { kind: 'AlterColumnType', schema: s, table: 'a', column: col('v', t('varchar', { length: 40 })), from: t('varchar', { length: 20 }), lossy: false },
        { kind: 'AlterColumnType', schema: s, table: 'a', column: col('v', t('text')), from: t('varchar', { length: 20 }), lossy: false },
        { kind: 'AlterColumnType', schema: s, table: 'a', column: col('n', t('bigint')), from: t('integer'), lossy: false },
        { kind: 'SetNotNull', schema: s, table: 'a', column: 'x' },
        { kind: 'AddCheck', schema: s, table: 'a', check: { name: 'c', expression: 'x > 0' } as never },
        { kind: 'AddForeignKey', schema: s, table: 'a', foreignKey: { name: 'fk' } as never },
        { kind: 'AddUnique', schema: s, table: 'a', key: { name: 'u', columns: ['x'] } },
        { kind: 'CreateIndex', schema: s, table: 'a', index: { name: 'i' } as never },
        { kind: 'DropColumn', schema: s, table: 'a', column: 'y' },
        { kind: 'CommentOnTable', schema: s, table: 'a', comment: 'c' },
        { kind: 'RemoveDataField', schema: s, key: 'old' },
      ]),
    ).toEqual([
      'AddColumn: a: ACCESS EXCLUSIVE briefly (blocks reads and writes)',
      'AddColumn: a: ACCESS EXCLUSIVE while it rewrites the table (blocks reads and writes) UNSAFE',
      'AddColumn: a: ACCESS EXCLUSIVE briefly (blocks reads and writes)',
      'AddColumn: instance_data: ACCESS EXCLUSIVE while it rewrites the table (blocks reads and writes) UNSAFE',
      'AlterColumnType: a: ACCESS EXCLUSIVE briefly (blocks reads and writes)',
      'AlterColumnType: a: ACCESS EXCLUSIVE briefly (blocks reads and writes)',
      'AlterColumnType: a: ACCESS EXCLUSIVE while it rewrites the table (blocks reads and writes) UNSAFE',
      'SetNotNull: a: ACCESS EXCLUSIVE while it scans the table (blocks reads and writes) UNSAFE',
      'AddCheck: a: ACCESS EXCLUSIVE while it scans the table (blocks reads and writes) UNSAFE',
      'AddForeignKey: a: SHARE ROW EXCLUSIVE while it scans the table (blocks writes) UNSAFE',
      'AddUnique: a: ACCESS EXCLUSIVE while it builds the index (blocks reads and writes) UNSAFE',
      'CreateIndex: a: SHARE while it builds the index (blocks writes) UNSAFE',
      'DropColumn: a: ACCESS EXCLUSIVE briefly (blocks reads and writes)',
      'CommentOnTable: a: SHARE UPDATE EXCLUSIVE briefly (blocks schema changes)',
      'RemoveDataField: instance_data: ROW EXCLUSIVE while it writes every row (blocks schema changes)',
    ]);
  });

  it('a table the same migration creates waits for nobody: its index, checks and keys take no lock anyone waits for', () => {
    const table = { name: 'fresh', kind: 'flow', columns: [col('x', t('text'))], uniques: [], checks: [], foreignKeys: [], indexes: [] } as never;
    expect(locks([{ kind: 'CreateTable', schema: s, table }, { kind: 'CreateIndex', schema: s, table: 'fresh', index: { name: 'i' } as never }, { kind: 'AddForeignKey', schema: s, table: 'fresh', foreignKey: { name: 'fk' } as never }])).toEqual([]);
  });
});
