import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { rolesOf } from '../../src/model/index.ts';
import { flowschema } from './cli.ts';
import { connect, serverUrl } from './db.ts';

/** Roles are cluster-wide: every domain these tests create is dropped at the end. */
export async function dropRoles(...domains: string[]): Promise<void> {
  const admin = await connect(serverUrl());
  try {
    for (const d of domains) for (const role of Object.values(rolesOf(d))) await admin.query(`DROP ROLE IF EXISTS ${role}`);
  } finally {
    await admin.end();
  }
}

/** A one-flow domain of these tests' own (its roles' powers and memberships are changed here), compiled into a temp folder. */
export function ledgerProject(domain: string): string {
  const project = mkdtempSync(join(tmpdir(), 'flowschema-boundary-'));
  mkdirSync(join(project, 'definitions', domain), { recursive: true });
  writeFileSync(join(project, 'definitions', domain, 'domain.ts'), `import { defineDomain } from 'flowschema';\nexport default defineDomain({ name: '${domain}' });\n`);
  writeFileSync(
    join(project, 'definitions', domain, 'ledger.flow.ts'),
    `import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'ledger', domain: '${domain}', version: '1.0.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  tables: { entries: { columns: { id: { type: 'uuid', primaryKey: true, default: sql('gen_random_uuid()') }, amount: { type: 'numeric', precision: 12, scale: 2 } }, checks: { positive: 'amount > 0' } } },
});
`,
  );
  expect(flowschema(['compile'], project).status).toBe(0);
  return project;
}
