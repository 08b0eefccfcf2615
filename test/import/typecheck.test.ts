import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTree } from '../../src/files.ts';
import { importDefinitions } from '../../src/import/index.ts';
import { ROOT } from '../support/compile-dir.ts';

/**
 * What import writes is typed like any definition: the whole round-trip
 * corpus, imported, passes tsc --strict against the DSL's types (the
 * editor's view of it), consts and imports of other definitions included.
 */
describe('imported definitions type-check', () => {
  it('the corpus, imported, passes tsc --strict', () => {
    const inputs = [...readTree(join(ROOT, 'test/fixtures/vnext-corpus'), (p) => p.endsWith('.json'))].map(([path, text]) => ({ path, text }));
    const { files } = importDefinitions(inputs);
    mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
    const dir = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'flowschema-import-tsc-'));
    try {
      for (const [path, contents] of files) {
        mkdirSync(dirname(join(dir, 'definitions', path)), { recursive: true });
        writeFileSync(join(dir, 'definitions', path), contents);
      }
      const tsconfig = {
        compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, allowImportingTsExtensions: true, skipLibCheck: true, types: [], paths: { flowschema: [join(ROOT, 'src/dsl/index.ts')] } },
        include: ['definitions'],
      };
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
      const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: dir, encoding: 'utf8' });
      expect(`${run.stdout}${run.stderr}`).toBe('');
      expect(run.status).toBe(0);
      expect([...files.keys()].filter((p) => p.endsWith('.flow.ts')).length).toBe(28);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
