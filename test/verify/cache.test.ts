import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileStream } from '../../src/compile.ts';
import { formatDiagnostic } from '../../src/model/index.ts';
import { verifyProject, type VerifyCache } from '../../src/verify/index.ts';
import { bootstrappedDatabase, type TestDomainDatabase } from '../support/domain-db.ts';
import { dropRoles } from '../support/security-project.ts';

/**
 * The verification cache (what the CLI keeps in .flowschema/cache/verify.json):
 * a flow whose chain, fresh build, runtime and server are unchanged is not
 * built again, and when every flow is known no database is reached at all;
 * a changed chain is built again; a server found at another version makes
 * every key new.
 */
const DOMAIN = "import { defineDomain } from 'flowschema';\nexport default defineDomain({ name: 'vfy-cache' });\n";

function flow(key: string, version: string, columns: string): string {
  return `import { defineFlow } from 'flowschema';
export default defineFlow({
  key: '${key}', domain: 'vfy-cache', version: '${version}',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  tables: { items: { columns: { id: { type: 'integer', primaryKey: true }, ${columns} } } },
});
`;
}

function compiled(sources: Map<string, string>, previous?: Map<string, string>) {
  const result = compileStream(sources, previous ? { previous } : {});
  expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
  return { files: new Map(result.files!), model: result.model!, plan: result.plan!, sources };
}

describe('compile --verify: the cache', () => {
  let db: TestDomainDatabase;
  beforeAll(async () => {
    db = await bootstrappedDatabase('verify_cache', 'vfy-cache');
  });
  afterAll(async () => {
    await db?.drop();
    await dropRoles('vfy-cache');
  });

  it('an unchanged chain costs no database work; a changed one is built again; another server version is looked at again', async () => {
    const v1 = new Map([
      ['definitions/vfy-cache/domain.ts', DOMAIN],
      ['definitions/vfy-cache/a.flow.ts', flow('a', '1.0.0', "name: { type: 'text' }")],
      ['definitions/vfy-cache/b.flow.ts', flow('b', '1.0.0', "qty: { type: 'integer' }")],
    ]);
    const first = compiled(v1);
    const cache: VerifyCache = { verified: new Set() };
    let opened = 0;
    const scratch = async () => {
      opened++;
      return db.driftUrl;
    };
    const offline = async (): Promise<string> => {
      throw new Error('no database may be reached');
    };

    const run1 = await verifyProject({ ...first, cache, scratch });
    expect({ diagnostics: run1.diagnostics, flows: run1.flows, cached: run1.cached, built: run1.domainsBuilt, opened }).toEqual({ diagnostics: [], flows: 2, cached: 0, built: ['vfy-cache'], opened: 1 });
    expect(cache.verified.size).toBe(2);
    expect(cache.serverVersion).toMatch(/^\d+$/);

    const run2 = await verifyProject({ ...first, cache, scratch: offline });
    expect({ cached: run2.cached, built: run2.domainsBuilt }).toEqual({ cached: 2, built: [] });

    // b gets a new version: its chain (0001 + 0002) is new; a's is not.
    const v2 = new Map(v1).set('definitions/vfy-cache/b.flow.ts', flow('b', '1.1.0', "qty: { type: 'integer' }, note: { type: 'text', optional: true }"));
    const second = compiled(v2, first.files);
    expect([...second.files.keys()].filter((p) => p.endsWith('.sql'))).toContain('vfy-cache/flows/b/migrations/0002_1.1.0.sql');
    const run3 = await verifyProject({ ...second, cache, scratch });
    expect({ diagnostics: run3.diagnostics, cached: run3.cached, built: run3.domainsBuilt, opened }).toEqual({ diagnostics: [], cached: 1, built: ['vfy-cache'], opened: 2 });
    expect((await verifyProject({ ...second, cache, scratch: offline })).cached).toBe(2);

    // The version remembered is not the server's: the server is asked, and the keys of its real version hold.
    const actual = cache.serverVersion;
    cache.serverVersion = '10';
    const run4 = await verifyProject({ ...second, cache, scratch });
    expect({ cached: run4.cached, built: run4.domainsBuilt, opened, version: cache.serverVersion }).toEqual({ cached: 2, built: [], opened: 3, version: actual });

    // Keys the cache does not hold: everything is built again.
    const other: VerifyCache = { serverVersion: actual!, verified: new Set([...cache.verified].map((k) => `${k}x`)) };
    const run5 = await verifyProject({ ...second, cache: other, scratch });
    expect({ cached: run5.cached, built: run5.domainsBuilt }).toEqual({ cached: 0, built: ['vfy-cache'] });
  });
});
