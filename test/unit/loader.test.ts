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
    case 'script': return { script: v.location, file: v.file, text: v.text };
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
    expect(diagnostics).toEqual(["defs/shared/def.ts:1:16: error FS1014: the default export of a definition file must be a define*(...) call (defineFlow, defineDomain, defineTask, defineView, defineFunction, defineExtension, defineSchema, defineMapping)\n  hint: write `export default defineFlow({ ... })`, or remove the default export from a file of shared values"]);
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

  describe('nesting limits (FS1018): deep definitions are diagnostics, never a RangeError', () => {
    const DEPTH = 'nests at most 100 levels';
    const HEAD = "import { defineFlow } from 'flowschema';\n";
    const nestedArrays = (n: number, inner = '1') => `${'['.repeat(n)}${inner}${']'.repeat(n)}`;
    const chain = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? 'const a1 = 1;' : `const a${i + 1} = a${i};`)).join('\n');
    const TOO_DEEP = 'this bracket opens nesting level 101; definitions may nest brackets at most 100 levels deep\n  hint: flatten it: a definition nests at most 100 levels';
    const REACHED = 'more than 100 levels deep (objects, arrays and references from one const to another count together)\n  hint: flatten the value, or refer to the const that holds it rather than through a chain of consts';

    it('an object nested 600 deep is refused before it is parsed, at the bracket of level 101', () => {
      const deep = `${'{ a: '.repeat(600)}1${' }'.repeat(600)}`;
      const { values, diagnostics } = load({ 'defs/f.ts': `${HEAD}export default defineFlow({ x: ${deep} });\n` });
      // defineFlow( and { are levels 1 and 2: the 99th '{ a: ' opens level 101, at column 32 + 98 * 5
      expect(diagnostics).toEqual([`defs/f.ts:2:${32 + 98 * 5}: error FS1018: ${TOO_DEEP}`]);
      expect(values).toEqual([]);
    });

    it('brackets nest up to 100 levels; brackets in strings, comments and template text do not count', () => {
      const ok = load({ 'defs/f.ts': `${HEAD}// ${'{'.repeat(200)}\n/* ${'('.repeat(200)} */\nexport default defineFlow({ s: '${'['.repeat(200)}', t: \`${'{'.repeat(200)}\`, x: ${nestedArrays(98)} });\n` });
      expect(ok.diagnostics).toEqual([]);
      const over = load({ 'defs/f.ts': `${HEAD}export default defineFlow({ x: ${nestedArrays(99)} });\n` });
      expect(over.diagnostics).toEqual([`defs/f.ts:2:${32 + 98}: error FS1018: ${TOO_DEEP}`]);
    });

    it('a chain of 3,000 consts is refused at the reference that goes past 100 levels', () => {
      const { values, diagnostics } = load({ 'defs/f.ts': `${HEAD}${chain(3000)}\nexport default defineFlow({ x: a3000 });\n` });
      // defineFlow's object is level 1, a3000 level 2, ..., a2901 level 101: read where a2902 refers to it (line 2903)
      expect(diagnostics).toEqual([`defs/f.ts:2903:15: error FS1018: 'a2901' is reached ${REACHED}`]);
      expect(values).toEqual([{ x: '<invalid>' }]);
    });

    it('a chain of consts up to the limit is read', () => {
      expect(load({ 'defs/f.ts': `${HEAD}${chain(99)}\nexport default defineFlow({ x: a99 });\n` })).toEqual({ values: [{ x: 1 }], diagnostics: [] });
      expect(load({ 'defs/f.ts': `${HEAD}${chain(100)}\nexport default defineFlow({ x: a100 });\n` }).diagnostics).toEqual([`defs/f.ts:3:12: error FS1018: 'a1' is reached ${REACHED}`]);
    });

    it('a chain of 3,000 files re-exporting one name is refused the same way', () => {
      const files: Record<string, string> = { 'defs/r0.ts': 'export const x = 1;\n' };
      for (let i = 1; i <= 3000; i++) files[`defs/r${i}.ts`] = `import { x } from './r${i - 1}.ts';\nexport { x };\n`;
      files['defs/z.ts'] = `${HEAD}import { x } from './r3000.ts';\nexport default defineFlow({ x });\n`;
      const { diagnostics } = load(files);
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]).toMatch(/^defs\/r\d+\.ts:1:10: error FS1018: 'x' is reached more than 100 levels deep/);
    });

    it('values kept from earlier evaluations cannot nest past the limit either', () => {
      // V1 is read (and kept) for f1 first; V2 nests 60 arrays around it: its 20th array (from the outside) is the one past 100 levels.
      const { diagnostics } = load({
        'defs/shared.ts': `export const V1 = ${nestedArrays(60)};\nexport const V2 = ${nestedArrays(60, 'V1')};\n`,
        'defs/f1.ts': `${HEAD}import { V1 } from './shared.ts';\nexport default defineFlow({ v: V1 });\n`,
        'defs/f2.ts': `${HEAD}import { V2 } from './shared.ts';\nexport default defineFlow({ v: V2 });\n`,
      });
      expect(diagnostics).toEqual([`defs/shared.ts:2:${19 + 19}: error FS1018: this value nests objects and arrays more than 100 levels deep (counting the consts it uses)\n  hint: flatten it: a definition nests at most 100 levels`]);
    });

    it('chains the parser or the loader would recurse on: members and type assertions are read in a loop; operator chains are refused', () => {
      const members = load({ 'defs/f.ts': `${HEAD}const o = { b: { b: 1 } };\nexport default defineFlow({ x: o.b${'!'.repeat(20000)}.b${' as const'.repeat(20000)}, y: o${"['b']".repeat(2)}, z: o${'.b'.repeat(20000)} });\n` });
      expect(members.values).toEqual([{ x: 1, y: 1, z: '<invalid>' }]);
      expect(members.diagnostics).toEqual([`defs/f.ts:3:${'export default defineFlow({ x: o.b'.length + 20000 + '.b'.length + ' as const'.length * 20000 + ", y: o['b']['b'], z: ".length + 1}: error FS1016: cannot read property 'b' of a number value\n  hint: definitions are read statically: use literals, const values, imports of them, spreads and sql()`]);
      const unary = load({ 'defs/f.ts': `${HEAD}const x = ${'- '.repeat(5000)}1;\nexport default defineFlow({ x: 1 });\n`, 'defs/g.ts': `${HEAD}import { x } from './f.ts';\nexport default defineFlow({ x });\n` });
      // where the parser gave up is unknown: the file's start; its importer adds nothing
      expect(unary.diagnostics).toEqual([`defs/f.ts:1:1: error FS1018: this file nests too deeply for the TypeScript parser to read it (a long chain of operators or nested type arguments?)\n  hint: flatten it: a definition ${DEPTH}`]);
      expect(unary.values).toEqual([{ x: '<invalid>' }]);
    });
  });
});
