import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowschema } from '../support/cli.ts';

describe('diagnostics on the terminal', () => {
  it('a name from a definition cannot drive the terminal or forge a line: control characters print as escapes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowschema-diag-print-'));
    try {
      mkdirSync(join(dir, 'definitions', 'd'), { recursive: true });
      writeFileSync(join(dir, 'definitions', 'd', 'domain.ts'), "import { defineDomain } from 'flowschema';\nexport default defineDomain({ name: 'd' });\n");
      writeFileSync(
        join(dir, 'definitions', 'd', 'f.flow.ts'),
        "import { defineFlow } from 'flowschema';\nexport default defineFlow({ key: 'f', domain: 'd', version: '1.0.0', states: { a: { type: 'initial', transitions: { '\\u001b[31mgo\\n0 error(s)': 'b' } }, b: { type: 'final' } } });\n",
      );
      const run = flowschema(['compile'], dir);
      expect(run.status).toBe(1);
      expect(run.stderr).not.toContain('\u001b');
      expect(run.stderr).toContain("transition key '\\u001b[31mgo\\n0 error(s)' of state 'a' must match ^[a-z0-9-]+$");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
