import type { LiveSchema, LiveTable } from './catalog.ts';
import type { SchemaExtras } from './extras.ts';

/** One difference between the expected and the live database. */
export interface Finding {
  readonly kind: string;
  /** `table`, `table.column`, `index name`, … within the schema */
  readonly object: string;
  readonly expected: string | null;
  readonly live: string | null;
}

export interface SchemaState {
  readonly catalog: LiveSchema;
  readonly extras: SchemaExtras;
}

/** A normalized fingerprint: equal fingerprints mean no drift, whatever the catalog's physical order. */
export function fingerprint(state: SchemaState): string {
  return JSON.stringify({
    tables: [...state.catalog.tables]
      .map((t) => ({ ...t, columns: [...t.columns].sort((a, b) => (a.name < b.name ? -1 : 1)) }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
    enums: state.catalog.enums,
    extras: state.extras,
  });
}

const describeColumn = (c: LiveTable['columns'][number]) => `${c.type}${c.nullable ? '' : ' NOT NULL'}${c.default === null ? '' : ` DEFAULT ${c.default}`}${c.generated === null ? '' : ` GENERATED (${c.generated})`}`;
const describeIndex = (i: LiveTable['indexes'][number]) => `${i.unique ? 'UNIQUE ' : ''}(${i.columns.join(', ')})${i.where ? ` WHERE ${i.where}` : ''}`;

/** Findings, in a stable order: what differs between `expected` and `live`, object by object. */
export function compareSchemas(expected: SchemaState, live: SchemaState): Finding[] {
  const out: Finding[] = [];
  const named = <T>(kind: string, a: readonly T[], b: readonly T[], name: (x: T) => string, show: (x: T) => string, compare = true) => {
    for (const x of a) {
      const y = b.find((z) => name(z) === name(x));
      if (!y) out.push({ kind: `${kind} dropped`, object: name(x), expected: show(x), live: null });
      else if (compare && show(x) !== show(y)) out.push({ kind: `${kind} changed`, object: name(x), expected: show(x), live: show(y) });
    }
    for (const y of b) if (!a.some((x) => name(x) === name(y))) out.push({ kind: `${kind} added`, object: name(y), expected: null, live: show(y) });
  };
  // A table present on both sides is compared by its parts below.
  named('table', expected.catalog.tables, live.catalog.tables, (t) => t.name, (t) => `${t.columns.length} columns`, false);
  for (const t of expected.catalog.tables) {
    const l = live.catalog.tables.find((x) => x.name === t.name);
    if (!l) continue;
    named('column', t.columns, l.columns, (c) => `${t.name}.${c.name}`, describeColumn);
    named('constraint', t.constraints, l.constraints, (c) => `${t.name}.${c.name}`, (c) => c.definition);
    named('index', t.indexes, l.indexes, (i) => i.name, describeIndex);
    if (t.comment !== l.comment) out.push({ kind: 'comment changed', object: t.name, expected: t.comment, live: l.comment });
  }
  named('enum type', expected.catalog.enums, live.catalog.enums, (e) => e.name, (e) => e.values.join(', '));
  named('sequence', expected.extras.sequences, live.extras.sequences, (s) => s.name, (s) => s.definition);
  named('view', expected.extras.views, live.extras.views, (v) => v.name, (v) => v.definition);
  named('function', expected.extras.functions, live.extras.functions, (f) => f.name, (f) => f.definition);
  named('trigger', expected.extras.triggers, live.extras.triggers, (t) => `${t.table}.${t.name}`, (t) => t.definition);
  named('policy', expected.extras.policies, live.extras.policies, (p) => `${p.table}.${p.name}`, (p) => p.definition);
  // Grants of a table that exists on one side only are already a table finding.
  const both = (g: { object: string }) => g.object === '(schema)' || !expected.catalog.tables.concat(live.catalog.tables).some((t) => t.name === g.object) || (expected.catalog.tables.some((t) => t.name === g.object) && live.catalog.tables.some((t) => t.name === g.object));
  named('grant', expected.extras.grants.filter(both), live.extras.grants.filter(both), (g) => g.object, (g) => g.acl);
  return out;
}
