import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/artifacts/index.ts';
import { readTree } from '../../src/cli/files.ts';
import { applyMigrationSql } from '../../src/runtime/index.ts';
import { compileDir, ROOT } from '../support/compile-dir.ts';
import { connect, freshDatabase } from '../support/db.ts';
import { migraStatements } from '../support/migra.ts';

/**
 * The round-trip property for every example flow: its committed migration
 * chain gives exactly the schema of one fresh first migration of its current
 * definition (migra: zero statements); rows written at the first version survive.
 */
const generated = readTree(join(ROOT, 'generated'));
const fresh = compileDir(ROOT);
const flows = fresh.model!.domains.flatMap((d) => d.flows);

describe('example flows: chain equals fresh build', () => {
  for (const flow of flows) {
    it(flow.key, async () => {
      const manifest = JSON.parse(generated.get(`${flow.domain}/manifest.json`)!) as Manifest;
      const entry = manifest.schemas.find((s) => s.flow === flow.key)!;
      const chain = await freshDatabase(`rt_${flow.schema.schema}_chain`);
      const once = await freshDatabase(`rt_${flow.schema.schema}_fresh`);
      try {
        const c = await connect(chain.url);
        try {
          for (const [i, m] of entry.migrations.entries()) {
            await applyMigrationSql(c, m.file, generated.get(`${flow.domain}/${m.file}`)!);
            if (i === 0 && flow.key === 'customer-onboarding') {
              await c.query(`INSERT INTO customer_onboarding.instances (id, key, flow_version, current_state) VALUES ('00000000-0000-4000-8000-0000000000a1', 'c-1', '1.0.0', 'collect-info')`);
              await c.query(`INSERT INTO customer_onboarding.documents (instance_id, kind, file_name, size_bytes, checksum, old_code) VALUES ('00000000-0000-4000-8000-0000000000a1', 'passport', 'p.pdf', 10, repeat('a', 64), 'OLD-7')`);
            }
          }
          if (flow.key === 'customer-onboarding') {
            const { rows } = await c.query('SELECT file_name, legacy_code, kind::text FROM customer_onboarding.documents');
            expect(rows).toEqual([{ file_name: 'p.pdf', legacy_code: 'OLD-7', kind: 'passport' }]);
            expect(entry.migrations.map((m) => m.id)).toEqual(['0001_1.0.0', '0002_1.1.0', '0003_1.2.0']);
          }
        } finally {
          await c.end();
        }
        const [path, sql] = [...fresh.files!].find(([p]) => p.startsWith(`${flow.domain}/flows/${flow.schema.schema}/migrations/`))!;
        const f = await connect(once.url);
        try {
          await applyMigrationSql(f, path, sql);
        } finally {
          await f.end();
        }
        expect(await migraStatements(chain.url, once.url, flow.schema.schema)).toEqual([]);
      } finally {
        await chain.drop();
        await once.drop();
      }
    });
  }
});
