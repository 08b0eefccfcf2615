import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTree } from '../../src/cli/files.ts';
import { compileStream } from '../../src/compile.ts';
import { formatDiagnostic } from '../../src/model/index.ts';
import { verifyProject } from '../../src/verify/index.ts';
import { ROOT } from '../support/compile-dir.ts';
import { bootstrappedDatabase, type TestDomainDatabase } from '../support/domain-db.ts';

/**
 * compile --verify finds nothing wrong where nothing is: every example
 * domain (definitions/ against the committed generated/, whose chains have
 * history: customer-onboarding's three versions) and every evolution case of
 * test/golden/evolution (its expected/ tree, whole chain, against its last
 * good version). Each chain is built in a bootstrapped domain's scratch
 * database as the init role and compared with a fresh build.
 */
function definitionSources(dir: string): Map<string, string> {
  const sources = new Map<string, string>();
  for (const [rel, text] of readTree(dir, (p) => p.endsWith('.ts'))) sources.set(`definitions/${rel}`, text);
  return sources;
}

describe('compile --verify: no false alarms on the example definitions', () => {
  const sources = definitionSources(join(ROOT, 'definitions'));
  const previous = readTree(join(ROOT, 'generated'));
  const result = compileStream(sources, { previous });
  const domains = readdirSync(join(ROOT, 'generated')).sort();
  const databases = new Map<string, TestDomainDatabase>();
  beforeAll(async () => {
    for (const d of domains) databases.set(d, await bootstrappedDatabase(`verify_${d}`, d));
  });
  afterAll(async () => {
    for (const db of databases.values()) await db.drop();
  });

  it('compiles to the committed tree', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
  });

  it('every flow of every domain verifies, chains with history included', async () => {
    const files = new Map(result.files!);
    // the chains verified are exactly the committed migrations (compile adds none)
    const sql = (tree: ReadonlyMap<string, string>) => [...tree].filter(([p]) => p.endsWith('.sql')).sort(([a], [b]) => (a < b ? -1 : 1));
    expect(sql(files)).toEqual(sql(previous));
    const verification = await verifyProject({ files, model: result.model!, plan: result.plan!, sources, scratch: async (domain) => databases.get(domain)!.driftUrl });
    expect(verification.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(verification.flows).toBe(result.model!.domains.flatMap((d) => d.flows).length);
    expect(verification.domainsBuilt).toEqual(domains);
  });
});

describe('compile --verify: no false alarms on the evolution corpus', () => {
  const corpus = join(ROOT, 'test/golden/evolution');
  const cases = readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const DOMAIN = "import { defineDomain } from 'flowschema';\nexport default defineDomain({ name: 'd' });\n";
  let db: TestDomainDatabase;
  beforeAll(async () => {
    db = await bootstrappedDatabase('verify_evolution', 'd');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('covers the whole corpus', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  for (const name of cases) {
    it(`${name}: the whole chain applies and equals a fresh build of the last version`, async () => {
      const dir = join(corpus, name);
      const expected = readTree(join(dir, 'expected'));
      // the last step compile accepted (a refused one has its vN.diagnostics.txt): expected/ is the tree after it
      const step = readdirSync(dir)
        .filter((f) => /^v\d+\.ts$/.test(f) && !existsSync(join(dir, f.replace('.ts', '.diagnostics.txt'))))
        .sort((a, b) => Number(a.slice(1, -3)) - Number(b.slice(1, -3)))
        .at(-1)!;
      const sources = new Map([
        ['definitions/d/domain.ts', DOMAIN],
        ['definitions/d/flow.ts', readFileSync(join(dir, step), 'utf8')],
      ]);
      const result = compileStream(sources, { previous: expected });
      expect(result.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
      const files = new Map(result.files!);
      // compile adds nothing: what is verified is exactly the case's expected/ chain
      expect([...files].filter(([p, t]) => p.endsWith('.sql') && expected.get(p) !== t)).toEqual([]);
      const verification = await verifyProject({ files, model: result.model!, plan: result.plan!, sources, scratch: async () => db.driftUrl });
      expect(verification.diagnostics.map(formatDiagnostic)).toEqual([]);
    });
  }
});
