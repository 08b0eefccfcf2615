import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/artifacts/index.ts';
import { checkDrift } from '../../src/drift/index.ts';
import { createRuntime } from '../../src/runtime/index.ts';
import { ROOT } from '../support/compile-dir.ts';
import { bootstrappedDatabase } from '../support/domain-db.ts';

/**
 * No false positives: a database built by the runtime from the artifacts has
 * no drift, whatever the artifacts hold. Every example domain (every flow created, every component deployed) and every evolution chain of
 * the corpus (all its migrations applied by the first start).
 */
// shared by the cases: the system schemas are built once
const prints = new Map<string, string>();

async function driftAfterCreation(label: string, generated: string, domain: string): Promise<{ checked: readonly string[]; findings: readonly object[] }> {
  const live = await bootstrappedDatabase(`fp_${label}`, domain);
  try {
    const manifest = JSON.parse(readFileSync(join(generated, domain, 'manifest.json'), 'utf8')) as Manifest;
    const runtime = createRuntime({ domain, connection: live.initUrl, generated });
    try {
      await runtime.start();
      await runtime.deploy();
      for (const s of manifest.schemas) await runtime.ensureFlowSchema(s.flow);
    } finally {
      await runtime.close();
    }
    const report = await checkDrift({
      domain,
      connection: live.initUrl,
      scratch: live.driftUrl,
      generated,
      cache: prints,
    });
    return { checked: report.checked, findings: report.findings };
  } finally {
    await live.drop();
  }
}

describe('no false positives: every example domain', () => {
  const generated = join(ROOT, 'generated');
  for (const domain of readdirSync(generated).sort()) {
    it(`${domain}: every flow created, no findings`, async () => {
      const manifest = JSON.parse(readFileSync(join(generated, domain, 'manifest.json'), 'utf8')) as Manifest;
      const report = await driftAfterCreation(domain, generated, domain);
      expect(report.findings).toEqual([]);
      expect(report.checked).toEqual(['sys_flows', 'sys_views', 'sys_functions', 'sys_tasks', 'sys_extensions', 'sys_schemas', ...manifest.schemas.map((s) => s.schema).sort(), 'public']);
    });
  }
});

describe('no false positives: every evolution chain of the corpus', () => {
  const corpus = join(ROOT, 'test/golden/evolution');
  const cases = readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  it('covers the whole corpus', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });
  for (const name of cases) {
    it.concurrent(`${name}: the whole chain applied, no findings`, async () => {
      // expected/ is the generated tree after the case's last good step
      const report = await driftAfterCreation(`evo_${name}`, join(corpus, name, 'expected'), 'd');
      expect(report.findings).toEqual([]);
      expect(report.checked).toContain('evo');
    });
  }
});
