import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTree } from '../../src/files.ts';
import { compile } from '../../src/compile.ts';
import { importDefinitions, type ImportInput } from '../../src/import/index.ts';
import { roundTrip } from '../../src/import/round-trip.ts';
import { formatDiagnostic } from '../../src/model/index.ts';
import { ROOT } from '../support/compile-dir.ts';

/**
 * flowschema import: vNext JSON into definitions. The golden case imports
 * what the workflow-features compile case writes (every feature of the DSL)
 * and must give its definitions back, byte for byte in
 * test/golden/import/workflow-features/expected (UPDATE_GOLDEN=1 rewrites it),
 * and the same JSON once compiled again.
 */
const PACKAGE = join(ROOT, 'test/golden/compile/workflow-features/expected/loans/vnext');
const EXPECTED = join(ROOT, 'test/golden/import/workflow-features/expected');
const update = process.env.UPDATE_GOLDEN === '1' && !process.env.CI;

function inputsOf(dir: string): ImportInput[] {
  return [...readTree(dir, (p) => p.endsWith('.json') && !p.endsWith('vnext.config.json'))].map(([p, text]) => ({ path: `vnext/${p}`, text }));
}

const json = (value: unknown) => ({ path: 'in/x.json', text: JSON.stringify(value) });
const workflow = (attributes: Record<string, unknown>, header: Record<string, unknown> = {}) => ({
  key: 'w',
  flow: 'sys-flows',
  flowVersion: '1.0.0',
  domain: 'd',
  version: '1.0.0',
  tags: ['d'],
  ...header,
  attributes: {
    type: 'F',
    labels: [{ language: 'en', label: 'w' }],
    startTransition: { key: 'start', target: 'a', triggerType: 0, versionStrategy: 'Minor', labels: [{ language: 'en', label: 'Start' }] },
    states: [
      { key: 'a', stateType: 1, versionStrategy: 'Minor', labels: [{ language: 'en', label: 'a' }], transitions: [{ key: 'go', from: 'a', target: 'b', triggerType: 0, versionStrategy: 'Minor', labels: [{ language: 'en', label: 'go' }] }] },
      { key: 'b', stateType: 3, versionStrategy: 'Minor', labels: [{ language: 'en', label: 'b' }] },
    ],
    ...attributes,
  },
});

describe('flowschema import', () => {
  it('gives the workflow-features definitions back from what they compile to: the files of test/golden/import, byte for byte', () => {
    const result = importDefinitions(inputsOf(PACKAGE));
    expect(result.diagnostics).toEqual([]);
    if (update) {
      rmSync(EXPECTED, { recursive: true, force: true });
      for (const [path, contents] of result.files) {
        mkdirSync(join(EXPECTED, path, '..'), { recursive: true });
        writeFileSync(join(EXPECTED, path), contents);
      }
    }
    const expected = readTree(EXPECTED);
    expect([...result.files.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [path, contents] of result.files) expect(contents.toString(), path).toBe(expected.get(path));
  });

  it('round-trips every component of it exactly: import, compile, compare', () => {
    const report = roundTrip(inputsOf(PACKAGE));
    expect(report.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
    expect(report.entries.map((e) => [e.component.key, e.result])).toEqual(report.entries.map((e) => [e.component.key, 'exact']));
    expect(report.entries.length).toBe(10);
  });

  it('is deterministic: the same JSON, in any order, gives the same files', () => {
    const inputs = inputsOf(PACKAGE);
    const a = importDefinitions(inputs).files;
    const b = importDefinitions([...inputs].reverse()).files;
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [path, contents] of a) expect(b.get(path)!.toString()).toBe(contents.toString());
  });

  it('declares what a single workflow references external, so it compiles at once', () => {
    const single = inputsOf(PACKAGE).filter((i) => i.path.endsWith('Workflows/loan-application.json'));
    const result = importDefinitions(single);
    const text = result.files.get('loans/loan-application/loan-application.flow.ts')!.toString();
    expect(text).toContain("const scoreCustomerReference = { key: 'score-customer', version: '1.2.0', external: true } as const;");
    expect(text).toContain("{ ref: 'Tasks/notify-customer.json', external: true }");
    expect(text).toContain("process: { key: 'credit-scoring', version: '1.0.0', external: true }");
    const compiled = compile(new Map([...result.files].map(([p, t]) => [`definitions/${p}`, t.toString()])));
    expect(compiled.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
  });

  it('reports what the DSL cannot express at its JSON path, and still writes the rest', () => {
    const result = importDefinitions([
      json(
        workflow(
          { _comment: 'note', history: 'none', states: [{ key: 'a', stateType: 1, versionStrategy: 'Minor', labels: [{ language: 'en', label: 'a' }], onExitss: [], transitions: [] }] },
          { data: [1] },
        ),
      ),
    ]);
    expect(result.diagnostics.map((d) => `${d.path}: ${d.severity}: ${d.message}`)).toEqual([
      '$.data: warning: not expressed by the DSL: left out',
      '$.attributes.states[0].onExitss: warning: not expressed by the DSL: left out',
      '$.attributes._comment: warning: a comment: not kept (the platform never reads it)',
      '$.attributes.history: warning: not expressed by the DSL: left out',
    ]);
    expect(result.files.has('d/w/w.flow.ts')).toBe(true);
  });

  it('refuses what is not a component, with the file and one plain line', () => {
    const result = importDefinitions([
      { path: 'in/broken.json', text: '{ "key": ' },
      { path: 'in/other.json', text: '{ "name": "x" }' },
      { path: 'in/bad-key.json', text: JSON.stringify({ ...workflow({}), key: '../../etc' }) },
      { path: 'in/bad-domain.json', text: JSON.stringify({ ...workflow({}), domain: 'D/../x' }) },
    ]);
    expect(result.diagnostics.map((d) => `${d.file}: ${d.path}: ${d.severity}: ${d.message.replace(/: .*position.*$/, ': …')}`)).toEqual([
      'in/bad-domain.json: $: error: its key and domain must match ^[a-z0-9-]+$ and its version be a semantic version: not imported',
      'in/bad-key.json: $: error: its key and domain must match ^[a-z0-9-]+$ and its version be a semantic version: not imported',
      expect.stringMatching(/^in\/broken\.json: \$: error: not JSON: /),
      'in/other.json: $: warning: not a vNext component: flow null is none of sys-tasks, sys-views, sys-schemas, sys-functions, sys-extensions, sys-mappings, sys-flows',
    ]);
    expect(result.files.size).toBe(0);
  });
});

describe('flowschema import, as an attacker writes the JSON', () => {
  const hostile = "x'; process.exit(1); //\u2028*/ ${1} `\\";

  it('every string lands in the definition as the same text, never as code; the definition compiles and gives it back', () => {
    const doc = workflow({
      labels: [{ language: 'en', label: hostile }],
      states: [
        { key: 'a', stateType: 1, versionStrategy: 'Minor', labels: [{ language: 'en', label: hostile }], transitions: [{ key: 'go', from: 'a', target: 'b', triggerType: 0, versionStrategy: 'Minor', labels: [{ language: 'tr', label: '*/ }); require("x")' }], annotations: { [hostile]: hostile } }] },
        { key: 'b', stateType: 3, versionStrategy: 'Minor', labels: [{ language: 'en', label: 'b' }] },
      ],
    });
    const task = { key: 't', flow: 'sys-tasks', flowVersion: '1.0.0', domain: 'd', version: '1.0.0', tags: [hostile], attributes: { type: '3', config: { [hostile]: [hostile, 1e300, -0, null], __proto__x: 1 } } };
    const report = roundTrip([{ path: `in/${hostile}.json`, text: JSON.stringify(doc) }, { path: 'in/t.json', text: JSON.stringify(task) }]);
    expect(report.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
    expect(report.entries.map((e) => e.result)).toEqual(['exact', 'exact']);
    const flowText = report.imported.files.get('d/w/w.flow.ts')!.toString();
    expect(flowText.split('\n')[0]).toBe("// Imported by flowschema import from in/x'; process.exit(1); //\\u2028*/ ${1} `\\.json.");
  });

  it('a __proto__ key is left out, reported; it never becomes a prototype', () => {
    const task = JSON.parse('{"key":"t","flow":"sys-tasks","flowVersion":"1.0.0","domain":"d","version":"1.0.0","tags":["d"],"attributes":{"type":"3","config":{"__proto__":{"polluted":true},"ok":1}}}');
    const result = importDefinitions([{ path: 'in/t.json', text: JSON.stringify(task) }]);
    expect(result.diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual(['$.attributes.config.__proto__: a __proto__ key cannot be a definition property: left out']);
    expect(result.files.get('d/tasks/t.task.ts')!.toString()).toContain("config: { ok: 1 }");
  });

  it('script locations cannot leave the flow folder: other ones become ./src/<name>.csx, reported', () => {
    const code = Buffer.from('return true;\n').toString('base64');
    const rule = (location: unknown) => ({ location, code });
    const doc = workflow({
      states: [
        {
          key: 'a', stateType: 1, versionStrategy: 'Minor', labels: [{ language: 'en', label: 'a' }],
          transitions: [
            { key: 'up', from: 'a', target: 'b', triggerType: 1, rule: rule('../../../../etc/cron.d/x.csx'), versionStrategy: 'Minor', labels: [{ language: 'en', label: 'up' }] },
            { key: 'abs', from: 'a', target: 'b', triggerType: 1, rule: rule('/etc/passwd.csx'), versionStrategy: 'Minor', labels: [{ language: 'en', label: 'abs' }] },
            { key: 'nl', from: 'a', target: 'b', triggerType: 1, rule: rule('./src/a\n.csx'), versionStrategy: 'Minor', labels: [{ language: 'en', label: 'nl' }] },
            { key: 'dot', from: 'a', target: 'b', triggerType: 1, rule: rule('./src/./../x.csx'), versionStrategy: 'Minor', labels: [{ language: 'en', label: 'dot' }] },
          ],
        },
        { key: 'b', stateType: 3, versionStrategy: 'Minor', labels: [{ language: 'en', label: 'b' }] },
      ],
    });
    const result = importDefinitions([json(doc)]);
    expect([...result.files.keys()].filter((p) => p.endsWith('.csx')).sort()).toEqual(['d/w/src/abs-rule.csx', 'd/w/src/dot-rule.csx', 'd/w/src/nl-rule.csx', 'd/w/src/up-rule.csx']);
    expect(result.diagnostics.map((d) => d.path)).toEqual(['$.attributes.states[0].transitions[0].rule.location', '$.attributes.states[0].transitions[1].rule.location', '$.attributes.states[0].transitions[2].rule.location', '$.attributes.states[0].transitions[3].rule.location']);
  });
});

describe('flowschema import, the reference definitions (../shared/reference/vnext, when this checkout has them)', () => {
  const dir = join(ROOT, '..', 'shared', 'reference', 'vnext');
  it.skipIf(!existsSync(dir))('each is imported, compiled and compared; what does not round-trip says why', () => {
    const inputs = ['sys-flows.json', 'invalidate-cache.json', 'available-transitions.json', 'schema.json', 'money-transfer-master.json'].map((f) => ({ path: f, text: readFileSync(join(dir, f), 'utf8') }));
    const report = roundTrip(inputs);
    expect(report.entries.map((e) => [e.component.source, e.result, ...e.differences])).toEqual([
      ['available-transitions.json', 'exact'],
      ['invalidate-cache.json', 'exact'],
      ['money-transfer-master.json', 'exact'],
      ['schema.json', 'exact'],
      // A flow's key names its PostgreSQL schema, and sys_* are the runtime's: the platform's own workflow cannot be a flow here.
      ['sys-flows.json', 'not compiled', "FS1204 flow key gives schema 'sys_flows', which is reserved (public, information_schema and sys_* belong to PostgreSQL and the runtime)"],
    ]);
    // Its content does round-trip: the same workflow under another key.
    const renamed = inputs.map((i) => (i.path === 'sys-flows.json' ? { ...i, text: i.text.replace('"key": "sys-flows"', '"key": "core-flows"') } : i));
    expect(roundTrip(renamed).entries.find((e) => e.component.key === 'core-flows')).toMatchObject({ result: 'exact' });
  });
});
