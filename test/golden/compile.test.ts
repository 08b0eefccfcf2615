import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTree } from '../../src/cli/files.ts';
import { formatDiagnostic } from '../../src/model/index.ts';
import { applyMigrationSql } from '../../src/runtime/index.ts';
import type { Manifest } from '../../src/artifacts/index.ts';
import { compileDir, ROOT } from '../support/compile-dir.ts';
import { connect, freshDatabase } from '../support/db.ts';

/**
 * sqlc-style end-to-end cases: test/golden/compile/<case>/definitions in,
 * <case>/expected out, byte for byte. UPDATE_GOLDEN=1 rewrites expected/
 * (never in CI). Every case's migrations, as compiled now, are also applied
 * to PostgreSQL.
 */
const CASES_DIR = join(ROOT, 'test/golden/compile');
const cases = readdirSync(CASES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const update = process.env.UPDATE_GOLDEN === '1' && !process.env.CI;

describe('golden compile cases', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    db = await freshDatabase('golden');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('has cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(6);
  });

  for (const name of cases) {
    it(`${name}: generated files match expected/ byte for byte`, () => {
      const dir = join(CASES_DIR, name);
      const result = compileDir(dir);
      expect(result.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
      const expectedDir = join(dir, 'expected');
      if (update) {
        rmSync(expectedDir, { recursive: true, force: true });
        for (const [path, contents] of result.files!) {
          mkdirSync(dirname(join(expectedDir, path)), { recursive: true });
          writeFileSync(join(expectedDir, path), contents);
        }
      }
      const expected = readTree(expectedDir);
      expect([...result.files!.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [path, contents] of result.files!) expect(contents, path).toBe(expected.get(path));
    });

    it(`${name}: migrations apply to PostgreSQL`, async () => {
      // What the compiler produces now, not the committed expected/ (the test above holds the two equal byte
      // for byte): a compiler bug that expected/ was regenerated with still fails here, on PostgreSQL.
      const result = compileDir(join(CASES_DIR, name));
      expect(result.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
      const files = result.files!;
      const client = await connect(db.url);
      try {
        for (const [path, text] of files) {
          if (!path.endsWith('manifest.json')) continue;
          const manifest = JSON.parse(text) as Manifest;
          for (const schema of manifest.schemas)
            for (const m of schema.migrations) await applyMigrationSql(client, m.file, files.get(`${manifest.domain}/${m.file}`)!);
        }
      } finally {
        await client.end();
      }
    });
  }
});
