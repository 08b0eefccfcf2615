import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../../src/files.ts';
import { readMigrationSteps } from '../../src/model/index.ts';
import { ROOT } from '../support/compile-dir.ts';

/**
 * squawk (the PostgreSQL migration linter, pinned squawk-cli) over every
 * upgrade migration of the evolution corpus: what a live flow's schema would
 * go through. A schema's first migration is left out (it creates the schema
 * on a flow's first start: no table holds data yet), and so are rules about
 * style rather than locks (bigint, text, char), and the two timeouts the
 * runtime sets itself on each step (docs/runtime.md): lock_timeout on every
 * step, statement_timeout on every `transaction` step (`validate` and
 * `concurrently` steps block no writes and are deliberately not limited).
 *
 * A migration written in steps is linted as it runs: each step on its own,
 * its `transaction` and `validate` steps as in a transaction, its
 * `concurrently` steps outside one.
 *
 * What squawk may still find, each checked finding by finding:
 * - drops, which compile writes only when allowDestructive names them
 *   (FS2101);
 * - renames, which only a definition's `renamedFrom` asks for (a brief
 *   lock; squawk warns because old code no longer finds the old name);
 * - DROP NOT NULL: a brief lock that loosens, which squawk warns about for
 *   old code reading the column;
 * - changes the migration's header marks `!` (a rewrite under a lock, no
 *   online form), which compile writes only when allowLocking or
 *   allowDestructive names them (FS2103: test/golden/evolution/
 *   lock-refused-then-allowed);
 * - type changes PostgreSQL makes in the catalog alone (varchar made longer
 *   or text, numeric with more precision), which squawk cannot tell from a
 *   rewrite: the header marks them `·`, brief;
 * - SET NOT NULL after a CHECK (column IS NOT NULL) validated in an earlier
 *   step, which spares the scan squawk warns about (it reads one step at a
 *   time and cannot see the check).
 */
const CORPUS = join(ROOT, 'test/golden/evolution');
const SQUAWK = join(ROOT, 'node_modules/.bin/squawk');
const EXCLUDED = ['prefer-bigint-over-int', 'prefer-bigint-over-smallint', 'prefer-text-field', 'ban-char-field', 'require-lock-timeout', 'require-statement-timeout'];
const DESTRUCTIVE = ['ban-drop-column', 'ban-drop-table'];
/** Renames: a brief lock, asked for by the definition's renamedFrom (a live flow's old code no longer finds the old name). */
const RENAMES = ['renaming-column', 'renaming-table'];

interface Finding {
  readonly rule_name: string;
  readonly file: string;
  readonly line: number;
}

describe('squawk over the evolution corpus', () => {
  it('finds, in the upgrade migrations, nothing unsafe that no definition allows by name', async () => {
    const files = listFiles(CORPUS, (p) => /\/expected\/.*\/migrations\/\d{4}_[^/]+\.sql$/.test(p) && !/\/0001_[^/]+\.sql$/.test(p)).map((p) => join(CORPUS, p));
    expect(files.length).toBe(64);
    const dir = mkdtempSync(join(tmpdir(), 'flowschema-squawk-'));
    const origin = new Map<string, { file: string; sql: string; step: string }>();
    const inTransaction: string[] = [];
    const outside: string[] = [];
    const findings: Finding[] = [];
    try {
      for (const [i, file] of files.entries()) {
        const sql = readFileSync(file, 'utf8');
        for (const step of await readMigrationSteps(file, sql)) {
          const path = join(dir, `${i}-step${step.number}.sql`);
          writeFileSync(path, step.sql);
          origin.set(path, { file, sql, step: step.sql });
          (step.mode === 'concurrently' ? outside : inTransaction).push(path);
        }
      }
      const lint = (args: readonly string[], paths: readonly string[]): Finding[] => {
        if (paths.length === 0) return [];
        const run = spawnSync(SQUAWK, ['--reporter', 'json', '--pg-version', '15.0', ...args, '-e', EXCLUDED.join(','), ...paths], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
        expect(run.error).toBeUndefined();
        return JSON.parse(run.stdout) as Finding[];
      };
      findings.push(...lint(['--assume-in-transaction'], inTransaction), ...lint([], outside));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const kinds: Record<string, number> = {};
    const unexplained: string[] = [];
    for (const f of findings) {
      const from = origin.get(f.file)!;
      const statement = from.step.split('\n')[f.line] ?? '';
      const header = from.sql.slice(0, from.sql.indexOf('\n\n'));
      const kind = explain(f.rule_name, statement, header, from.sql);
      if (kind === undefined) unexplained.push(`${relative(CORPUS, from.file)}: ${f.rule_name}: ${statement}`);
      else kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
    expect(unexplained).toEqual([]);
    expect(kinds).toEqual({
      'drop, allowed by name': 11,
      'rename, asked for by renamedFrom': 6,
      'NOT NULL dropped (brief, loosens)': 2,
      'rewrite marked !, allowed by name': 25,
      'type change in the catalog alone': 3,
      'SET NOT NULL after a validated check': 3,
    });
  });
});

/** Why a finding is acceptable, or undefined when it is not. */
function explain(rule: string, statement: string, header: string, sql: string): string | undefined {
  if (DESTRUCTIVE.includes(rule)) return /^--   (drop table|drop column) /m.test(header) ? 'drop, allowed by name' : undefined;
  if (RENAMES.includes(rule)) return /^--   rename (table|column) /m.test(header) ? 'rename, asked for by renamedFrom' : undefined;
  if (rule === 'ban-drop-not-null') return /^--   make \S+ nullable$/m.test(header) ? 'NOT NULL dropped (brief, loosens)' : undefined;
  if (rule === 'changing-column-type' || rule === 'adding-field-with-default') {
    const column = /ALTER TABLE "[^"]+"\."([^"]+)" (?:ALTER COLUMN "([^"]+)"[^;]* TYPE|ADD COLUMN "([^"]+)")/.exec(statement);
    if (!column) return undefined;
    const [, table, altered, added] = column;
    const change = altered ? `change the type of ${table}.${altered}:` : `add column ${table}.${added}:`;
    const rebuilt = header.split('\n').find((l) => / rebuild enum type /.test(l) && l.includes(`: ${table}:`));
    const line = header.split('\n').find((l) => l.includes(change)) ?? rebuilt;
    if (line?.startsWith('--   ! ')) return 'rewrite marked !, allowed by name';
    if (line?.startsWith('--   · ') && altered) return 'type change in the catalog alone';
    return undefined;
  }
  if (rule === 'adding-not-nullable-field') {
    const column = /ALTER COLUMN "([^"]+)" SET NOT NULL/.exec(statement)?.[1];
    const validated = column !== undefined && new RegExp(`-- flowschema:step \\d+ validate\\n[^]*VALIDATE CONSTRAINT "flowschema_not_null_${column}";[^]*-- flowschema:step \\d+ transaction\\n[^]*SET NOT NULL`).test(sql);
    return validated ? 'SET NOT NULL after a validated check' : undefined;
  }
  return undefined;
}
