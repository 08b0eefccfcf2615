import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../../src/files.ts';
import { ROOT } from '../support/compile-dir.ts';

/**
 * squawk (the PostgreSQL migration linter, pinned squawk-cli) over every
 * upgrade migration of the evolution corpus: what a live flow's schema would
 * go through. A schema's first migration is left out (it creates the schema
 * on a flow's first start: no table holds data yet), and so are rules about
 * style rather than locks (bigint, text, char) and require-lock-timeout (the
 * runtime sets lock_timeout on each migration's transaction: docs/runtime.md).
 *
 * The counts are a ratchet for issue 15 (online upgrades): each safe form it
 * builds (CONCURRENTLY, NOT VALID then VALIDATE, a statement_timeout…)
 * lowers one, and the destructive ones stay, named by the definitions that
 * allow them. A count that goes up is a migration that got less safe.
 */
const CORPUS = join(ROOT, 'test/golden/evolution');
const SQUAWK = join(ROOT, 'node_modules/.bin/squawk');
const STYLE_AND_RUNTIME = ['prefer-bigint-over-int', 'prefer-bigint-over-smallint', 'prefer-text-field', 'ban-char-field', 'require-lock-timeout'];

describe('squawk over the evolution corpus', () => {
  it('finds, in the upgrade migrations, exactly the lock-safety problems still to be solved', () => {
    const files = listFiles(CORPUS, (p) => /\/expected\/.*\/migrations\/\d{4}_[^/]+\.sql$/.test(p) && !/\/0001_[^/]+\.sql$/.test(p)).map((p) => join(CORPUS, p));
    expect(files.length).toBe(61);
    const run = spawnSync(SQUAWK, ['--reporter', 'json', '--pg-version', '15.0', '--assume-in-transaction', '-e', STYLE_AND_RUNTIME.join(','), ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(run.error).toBeUndefined();
    const findings = JSON.parse(run.stdout) as { rule_name: string; file: string }[];
    const byRule: Record<string, number> = {};
    for (const f of findings) byRule[f.rule_name] = (byRule[f.rule_name] ?? 0) + 1;
    expect(byRule).toEqual({
      // destructive, and named by allowDestructive in the definitions that do them
      'ban-drop-column': 9,
      'ban-drop-not-null': 2,
      'ban-drop-table': 2,
      'renaming-column': 3,
      'renaming-table': 3,
      // lock safety still to be built (issue 15)
      'require-statement-timeout': 60,
      'changing-column-type': 21,
      'require-concurrent-index-creation': 11,
      'require-concurrent-index-deletion': 8,
      'constraint-missing-not-valid': 9,
      'adding-field-with-default': 6,
      'adding-not-nullable-field': 3,
      'adding-foreign-key-constraint': 3,
      'adding-serial-primary-key-field': 2,
      'disallowed-unique-constraint': 1,
    });
  });
});
