import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importDefinitions } from '../../src/import/index.ts';
import { roundTrip } from '../../src/import/round-trip.ts';
import { flowschema } from '../support/cli.ts';

/**
 * JSON an attacker (or a careless tool) wrote, given to import: what an
 * adversarial review of the first version found (each case failed on it:
 * a write outside the flow's folder, a stack trace, a silent loss or a
 * blocked import).
 */
type Obj = Record<string, unknown>;
const lab = (t: string) => [{ language: 'en', label: t }];
const tr = (key: string, target: string, more: Obj = {}) => ({ key, target, triggerType: 0, versionStrategy: 'Minor', labels: lab(key), ...more });
function workflow(edit: (w: Obj, a: Obj, states: Obj[]) => void = () => {}): string {
  const states: Obj[] = [
    { key: 'a', stateType: 1, versionStrategy: 'Minor', labels: lab('a'), transitions: [{ ...tr('go', 'b'), from: 'a' }] },
    { key: 'b', stateType: 3, versionStrategy: 'Minor', labels: lab('b') },
  ];
  const a: Obj = { type: 'F', labels: lab('w'), startTransition: { key: 'start', target: 'a', triggerType: 0, versionStrategy: 'Minor', labels: lab('Start') }, states };
  const w: Obj = { key: 'w', flow: 'sys-flows', flowVersion: '1.0.0', domain: 'd', version: '1.0.0', tags: ['d'], attributes: a };
  edit(w, a, states);
  return JSON.stringify(w);
}
const one = (text: string) => [{ path: 'in/w.json', text }];
const paths = (text: string) => importDefinitions(one(text)).diagnostics.map((d) => `${d.path}: ${d.message}`);
const code = Buffer.from('return 1;\n').toString('base64');

describe('import, given hostile JSON', () => {
  it('script file names made from keys stay in the flow folder: a shared transition keyed ../../../victim/src/Evil cannot reach another domain', () => {
    const text = workflow((_w, a) => {
      a.sharedTransitions = [{ ...tr('../../../victim/src/Evil', '$self'), mapping: { code }, onExecutionTasks: [{ order: 1, task: { key: 't', domain: 'x', version: '1.0.0', flow: 'sys-tasks' }, mapping: { code } }] }, { ...tr("a'b\nc *?", '$self'), mapping: { code } }];
    });
    const { files } = importDefinitions(one(text));
    expect([...files.keys()].filter((p) => p.endsWith('.csx')).sort()).toEqual(['d/w/src/a-b-c-mapping.csx', 'd/w/src/victim-src-Evil-mapping.csx', 'd/w/src/victim-src-Evil-task-1.csx']);
    // and compile refuses the key itself (the platform's key form)
    const report = roundTrip(one(text));
    expect(report.entries[0]!.differences[0]).toMatch(/^FS1306 shared transition key '\.\.\/\.\.\/\.\.\/victim\/src\/Evil' must match/);
  });

  it('a location that names a folder like a file (./w.flow.ts/a.csx, ./src.csx/b.csx) is written under ./src/ instead: no file and folder share a path', () => {
    const text = workflow((_w, _a, states) => {
      states[0]!.onEntries = ['./w.flow.ts/a.csx', './src.csx', './src.csx/b.csx'].map((location, i) => ({ order: i + 1, task: { key: 't', domain: 'x', version: '1.0.0', flow: 'sys-tasks' }, mapping: { location, code } }));
    });
    const { files } = importDefinitions(one(text));
    expect([...files.keys()].filter((p) => p.endsWith('.csx')).sort()).toEqual(['d/w/src.csx', 'd/w/src/a-entry-1.csx', 'd/w/src/a-entry-3.csx']);
  });

  it('a __proto__ key anywhere, a transition without a target, a timeout without a timer: warnings, never a stack trace', () => {
    const text = workflow((_w, a, states) => {
      (states[0]!.transitions as Obj[]).push({ ...tr('odd', 'b'), annotations: JSON.parse('{"__proto__":"x","ok":"y"}') }, { key: 'nowhere', triggerType: 0, versionStrategy: 'Minor', labels: lab('n') });
      a.timeout = { key: 'timeout', target: 'b', versionStrategy: 'Minor' };
    });
    expect(paths(text)).toEqual([
      '$.attributes.states[0].transitions[1].annotations.__proto__: a __proto__ key cannot be a definition property: left out',
      '$.attributes.timeout: a timeout without a target and a timer { reset, duration }: left out',
      '$.attributes.states[0].transitions[2].target: a transition without a target: left out',
    ]);
  });

  it('JSON nested thousands of levels deep: one error, not a stack overflow', () => {
    let deep = '{}';
    for (let i = 0; i < 3000; i++) deep = `{"x":${deep}}`;
    const text = workflow((_w, a) => (a.deep = JSON.parse(deep)));
    expect(importDefinitions(one(text)).diagnostics.map((d) => `${d.severity}: ${d.message}`)).toEqual(['error: nested more than 100 levels deep: not imported (a definition nests at most 100)']);
  });

  it('keeps states and transitions in their order (numeric keys too), and reports duplicate keys, a start that skips the initial state, an event on a manual transition, from outside a state, extra label keys', () => {
    const ordered = workflow((_w, _a, states) => {
      states.splice(1, 0, { key: '9', stateType: 2, versionStrategy: 'Minor', labels: lab('9'), transitions: [{ ...tr('2', 'b'), from: '9' }, { ...tr('1', 'b'), from: '9' }] });
      (states[0]!.transitions as Obj[]).push({ ...tr('next', '9'), from: 'a' });
    });
    expect(roundTrip(one(ordered)).entries.map((e) => e.result)).toEqual(['exact']);
    const odd = workflow((_w, a, states) => {
      (states[0]!.transitions as Obj[]).push({ ...tr('go', 'b'), from: 'a' }, { ...tr('ping', 'b'), event: { mapping: { code } } });
      (a.startTransition as Obj).target = 'b';
      a.cancel = { ...tr('cancel', 'b'), from: 'a' };
      (states[1]!.labels as Obj[])[0]!.description = 'x';
    });
    expect(paths(odd)).toEqual([
      '$.attributes.cancel.from: from on a transition of no state (shared, cancel, exit, update-data): left out',
      '$.attributes.states[0].transitions[1].key: a second transition keyed "go": left out (a key names one transition)',
      '$.attributes.states[0].transitions[2].event: an event on a transition of triggerType 0: the DSL writes an event as the trigger; left out',
      '$.attributes.states[1].labels[0].description: not expressed by the DSL: left out',
      '$.attributes.startTransition.target: the start transition targets "b", not the initial state: compile writes "a"',
    ]);
  });

  it('what the platform accepts does not block the import: no tags, cancel to $self, an abort with an empty transition, an empty error boundary, extra timer keys', () => {
    const text = workflow((w, a) => {
      w.tags = [];
      a.cancel = tr('cancel', '$self');
      a.errorBoundary = { onError: [{ action: 0, transition: '' }] };
      a.timeout = { key: 'timeout', target: 'b', versionStrategy: 'Minor', timer: { reset: 'never', duration: 'PT1M', note: 'x' } };
    });
    const report = roundTrip(one(text));
    expect(report.imported.diagnostics.map((d) => d.path)).toEqual(['$.tags', '$.attributes.timeout.timer.note']);
    expect(report.entries.map((e) => [e.result, ...e.differences])).toEqual([['different', '.attributes.timeout.timer.note: "x" ≠ absent', '.tags: [] ≠ ["d"]']]);
    const empty = workflow((_w, a) => (a.errorBoundary = {}));
    expect(roundTrip(one(empty)).entries.map((e) => e.result)).toEqual(['exact']);
  });

  it('a flow keyed define (its import name would be defineFlow) does not shadow the DSL helper', () => {
    const child = workflow((w) => (w.key = 'define'));
    const parent = workflow((_w, _a, states) => {
      states.splice(1, 0, { key: 's', stateType: 4, versionStrategy: 'Minor', labels: lab('s'), subFlow: { type: 'S', process: { key: 'define', domain: 'd', version: '1.0.0', flow: 'sys-flows' }, mapping: { location: './src/Sub.csx', code } }, transitions: [{ ...tr('done', 'b'), from: 's' }] });
      (states[0]!.transitions as Obj[]).push({ ...tr('sub', 's'), from: 'a' });
    });
    const report = roundTrip([{ path: 'in/define.json', text: child }, { path: 'in/w.json', text: parent }]);
    expect(report.entries.map((e) => [e.result, ...e.differences])).toEqual([['exact'], ['exact']]);
    expect(report.imported.files.get('d/w/w.flow.ts')!.toString()).toContain("import defineFlow2 from '../define/define.flow.ts';");
  });

  it('reads past a byte order mark, in import and in the round trip', () => {
    expect(importDefinitions([{ path: 'in/w.json', text: `\uFEFF${workflow()}` }]).diagnostics).toEqual([]);
    expect(roundTrip([{ path: 'in/w.json', text: `\uFEFF${workflow()}` }]).entries.map((e) => e.result)).toEqual(['exact']);
  });

  it('a start, cancel or timeout without a key, a state keyed __proto__: warnings, never a stack trace', () => {
    const text = workflow((_w, a, states) => {
      delete (a.startTransition as Obj).key;
      a.cancel = { target: 'b', triggerType: 0, versionStrategy: 'Minor', labels: lab('Cancel') };
      a.timeout = { target: 'b', versionStrategy: 'Minor', timer: { reset: 'never', duration: 'PT1M' } };
      states.push({ key: '__proto__', stateType: 3, versionStrategy: 'Minor', labels: lab('x') });
    });
    expect(paths(text)).toEqual([
      '$.attributes.startTransition.key: a start transition without a key: written as start',
      '$.attributes.cancel.key: no key: written as cancel',
      '$.attributes.states[2].key: a state keyed __proto__ cannot be a definition property: left out',
    ]);
  });
});

describe('import writes only where it should', () => {
  const dirs: string[] = [];
  const project = () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowschema-import-hostile-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', 'w.json'), workflow());
    return dir;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('not through a symbolic link in definitions/ (compile would not read what it wrote): one line, exit 2, nothing written', () => {
    const dir = project();
    mkdirSync(join(dir, 'outside'));
    mkdirSync(join(dir, 'definitions'));
    symlinkSync(join(dir, 'outside'), join(dir, 'definitions', 'd'));
    const run = flowschema(['import', 'in'], dir);
    expect([run.status, run.stderr]).toEqual([2, 'flowschema: definitions/d is a symbolic link: import writes only into real folders under definitions (compile reads no links)\n']);
  });

  it('a dangling link where a definition would go is refused like any link', () => {
    const dir = project();
    mkdirSync(join(dir, 'definitions', 'd', 'w'), { recursive: true });
    symlinkSync(join(dir, 'nowhere'), join(dir, 'definitions', 'd', 'w', 'w.flow.ts'));
    const run = flowschema(['import', 'in'], dir);
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
  });

  it('a folder where a definition would go: one line, nothing written, even with --force', () => {
    const dir = project();
    mkdirSync(join(dir, 'definitions', 'd', 'w', 'w.flow.ts'), { recursive: true });
    const run = flowschema(['import', 'in', '--force'], dir);
    expect([run.status, run.stderr]).toEqual([2, 'flowschema: definitions/d/w/w.flow.ts is a folder: import would write a file there\n']);
    expect(existsSync(join(dir, 'definitions', 'd', 'domain.ts'))).toBe(false);
  });

  it('--out naming a file: one line, exit 2', () => {
    const dir = project();
    writeFileSync(join(dir, 'definitions'), '');
    const run = flowschema(['import', 'in'], dir);
    expect([run.status, run.stderr]).toEqual([2, 'flowschema: definitions is not a folder: import writes definitions into a folder\n']);
  });

  it('diagnostics show control characters in keys and file names as escapes: a key cannot forge a line or colour the terminal', () => {
    const dir = project();
    writeFileSync(join(dir, 'in', 'w.json'), workflow((_w, a) => (a['\u001b[31mRED\u001b[0m\n0 definition(s) written'] = 1)));
    const run = flowschema(['import', 'in', '--check'], dir);
    expect(run.stderr).toContain('$.attributes.\\u001b[31mRED\\u001b[0m\\n0 definition(s) written: warning: not expressed by the DSL: left out\n');
    expect(run.stderr).not.toContain('\u001b');
    expect(readFileSync(join(dir, 'in', 'w.json'), 'utf8')).toContain('RED');
  });
});
