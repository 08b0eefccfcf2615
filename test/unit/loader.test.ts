import { describe, expect, it } from 'vitest';
import { loadDefinitions, type LoadedValue } from '../../src/loader/index.ts';
import { formatDiagnostic } from '../../src/model/index.ts';

/** Strips positions so values compare as plain data. */
function plain(v: LoadedValue): unknown {
  switch (v.kind) {
    case 'object': return Object.fromEntries(v.props.map((p) => [p.key, plain(p.value)]));
    case 'array': return v.items.map(plain);
    case 'sql': return { sql: v.text };
    case 'null': return null;
    case 'invalid': return '<invalid>';
    case 'define': return { [v.helper]: plain(v.arg) };
    default: return v.value;
  }
}

function load(files: Record<string, string>) {
  const result = loadDefinitions(new Map(Object.entries(files)));
  return { values: result.definitions.map((d) => plain(d.value)), diagnostics: result.diagnostics.map(formatDiagnostic) };
}

describe('loader', () => {
  it('reads literals, negative numbers, null, as const, satisfies, spreads and sql()', () => {
    const { values, diagnostics } = load({
      'defs/a.ts': `
        import { defineFlow, sql as raw } from 'flowschema';
        const base = { n: -1.5, plus: +2, ok: true, no: null, list: ['a', ...['b', 'c']] } as const;
        export default defineFlow({ ...base, n: 3, nested: { at: raw('now()'), s: \`plain\` } satisfies object, 'quoted-key': 1, 42: 'num' });
      `,
    });
    expect(diagnostics).toEqual([]);
    expect(values).toEqual([{ n: 3, plus: 2, ok: true, no: null, list: ['a', 'b', 'c'], nested: { at: { sql: 'now()' }, s: 'plain' }, 'quoted-key': 1, '42': 'num' }]);
  });

  it('follows imports, renamed imports, re-exports, default imports and member access', () => {
    const { values, diagnostics } = load({
      'defs/shared/consts.ts': `const local = { deep: { value: 'x' } }; export { local as exported }; export const LIST = [1, 2] as const;`,
      'defs/shared/def.ts': `export default { fromDefault: true };`,
      'defs/flow.ts': `
        import { defineFlow } from 'flowschema';
        import { exported as e, LIST } from './shared/consts.js';
        import d from './shared/def';
        export default defineFlow({ v: e.deep.value, second: LIST[1], len: LIST.length, d, el: e['deep'] });
      `,
    });
    expect(diagnostics).toEqual(["defs/shared/def.ts:1:16: error FS1014: the default export of a definition file must be a define*(...) call (defineFlow, defineDomain, defineTask, defineView, defineFunction, defineExtension)\n  hint: write `export default defineFlow({ ... })`, or remove the default export from a file of shared values"]);
    expect(values).toEqual([{ v: 'x', second: 2, len: 2, d: { fromDefault: true }, el: { value: 'x' } }]);
  });

  it('never executes code: calls, new, arrow functions and operators are diagnostics', () => {
    const { values, diagnostics } = load({
      'defs/f.ts': `
        import { defineFlow } from 'flowschema';
        export default defineFlow({ a: new Date(), b: () => 1, c: 1 + 2, d: require('fs'), e: undefined, f: [,1] });
      `,
    });
    expect(values).toEqual([{ a: '<invalid>', b: '<invalid>', c: '<invalid>', d: '<invalid>', e: '<invalid>', f: ['<invalid>', 1] }]);
    expect(diagnostics).toEqual([
      'defs/f.ts:3:40: error FS1002: unsupported expression (NewExpression) in a definition\n  hint: definitions are read statically: use literals, const values, imports of them, spreads and sql()',
      'defs/f.ts:3:55: error FS1002: unsupported expression (ArrowFunction) in a definition\n  hint: definitions are read statically: use literals, const values, imports of them, spreads and sql()',
      'defs/f.ts:3:67: error FS1002: unsupported expression (BinaryExpression) in a definition\n  hint: definitions are read statically: use literals, const values, imports of them, spreads and sql()',
      "defs/f.ts:3:77: error FS1003: a function call (require(...)) is not allowed in a definition\n  hint: definitions are read statically: use literals, const values, imports of them, spreads and sql(); the only calls allowed are the helpers imported from 'flowschema'",
      'defs/f.ts:3:95: error FS1002: `undefined` is not allowed in a definition\n  hint: leave the property out, or use null',
      'defs/f.ts:3:110: error FS1002: an array hole is not allowed in a definition\n  hint: write every element',
    ]);
  });

  it('a helper with the DSL name but not imported from flowschema is just a function call', () => {
    const { diagnostics } = load({
      'defs/f.ts': `function defineFlow(x: unknown) { return x; }\nexport default defineFlow({ a: 1 });`,
    });
    expect(diagnostics).toEqual(["defs/f.ts:2:16: error FS1003: a function call (defineFlow(...)) is not allowed in a definition\n  hint: definitions are read statically: use literals, const values, imports of them, spreads and sql(); the only calls allowed are the helpers imported from 'flowschema'"]);
  });

  it('reports an error at a shared declaration once, however often it is used', () => {
    const { diagnostics } = load({
      'defs/f.ts': `import { defineFlow } from 'flowschema';\nlet v = 1;\nexport default defineFlow({ a: v, b: v, c: v });`,
    });
    expect(diagnostics).toEqual(["defs/f.ts:2:5: error FS1006: 'v' is a `let` binding; definitions can only use `const` values\n  hint: declare it as `const v = ...`"]);
  });
});
