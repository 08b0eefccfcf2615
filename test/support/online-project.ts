import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compile } from '../../src/compile.ts';
import { formatDiagnostic } from '../../src/model/index.ts';

/**
 * A flow whose version 2 changes tables that hold data in every way an
 * online migration has a safe form for: an index, a unique key, a foreign
 * key, a check, a NOT NULL column with a default (issue 15's tests and
 * benchmark). `tables` is the flow's tables at each version.
 */
export const ONLINE_V1_TABLES = `{
    customers: { columns: { id: { type: 'integer', primaryKey: true }, email: { type: 'text' } } },
    items: { columns: { id: { type: 'integer', primaryKey: true }, name: { type: 'text' }, customerId: { type: 'integer', optional: true }, status: { type: 'text', optional: true }, qty: { type: 'integer' } } },
  }`;

export const ONLINE_V2_TABLES = `{
    customers: { columns: { id: { type: 'integer', primaryKey: true }, email: { type: 'text', unique: true } } },
    items: {
      columns: { id: { type: 'integer', primaryKey: true }, name: { type: 'text' }, customerId: { type: 'integer', optional: true, references: { table: 'customers' } }, status: { type: 'text', default: 'new' }, qty: { type: 'integer' } },
      indexes: [{ columns: ['name'] }],
      checks: { qty_non_negative: 'qty >= 0' },
    },
  }`;

export function flowSource(domain: string, version: string, tables: string, extra = ''): string {
  return `import { defineFlow } from 'flowschema';
export default defineFlow({
  key: 'orders',
  domain: '${domain}',
  version: '${version}',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  tables: ${tables},${extra}
});
`;
}

/**
 * Compiles the versions one after the other (each on the generated/ tree of
 * the one before, as a project's history grows) and writes the last tree to
 * a new folder under the OS temp folder, returned with every tree.
 */
export function compileVersions(domain: string, flows: readonly string[]): { generated: string; trees: Map<string, string>[] } {
  let previous = new Map<string, string>();
  const trees: Map<string, string>[] = [];
  for (const flow of flows) {
    const sources = new Map([
      [`definitions/${domain}/domain.ts`, `import { defineDomain } from 'flowschema';\nexport default defineDomain({ name: '${domain}' });\n`],
      [`definitions/${domain}/orders.ts`, flow],
    ]);
    const result = compile(sources, { previous, outLabel: 'generated' });
    if (!result.files) throw new Error(`does not compile:\n${result.diagnostics.map(formatDiagnostic).join('\n')}`);
    previous = result.files;
    trees.push(result.files);
  }
  const generated = mkdtempSync(join(tmpdir(), 'flowschema-online-'));
  writeTree(generated, previous);
  return { generated, trees };
}

export function writeTree(dir: string, files: ReadonlyMap<string, string>): void {
  for (const [path, text] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}
