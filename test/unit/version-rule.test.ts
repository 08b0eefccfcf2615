import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTree } from '../../src/cli/files.ts';
import { compile } from '../../src/compile.ts';
import { formatDiagnostic } from '../../src/model/index.ts';
import { ROOT } from '../support/compile-dir.ts';

/** A version identifies everything compile writes for a definition: compile refuses what up's deploy would refuse (FS2009). */
describe('the same version with other content', () => {
  const sources = new Map([...readTree(join(ROOT, 'definitions'), (p) => p.endsWith('.ts'))].map(([p, t]) => [`definitions/${p}`, t]));
  const previous = readTree(join(ROOT, 'generated'));

  it('a task whose attributes change at the same version is refused; at a new version it is not', () => {
    const file = 'definitions/notification/send-sms.task.ts';
    const edited = new Map(sources).set(file, sources.get(file)!.replace("method: 'POST'", "method: 'PUT'"));
    const refused = compile(edited, { previous });
    expect(refused.diagnostics.map(formatDiagnostic)).toEqual([
      `${file}:4:16: error FS2009: task 'send-sms' changes what version 1.0.0 deploys (generated/notification/vnext/Tasks/send-sms.json would change) but keeps its version: the runtime stores each version once and would refuse it\n  hint: bump the version: a version identifies everything compile writes for it, states, transitions and labels included (if generated/notification/vnext/Tasks/send-sms.json was edited by hand, restore it: git checkout)`,
    ]);
    expect(refused.files).toBeUndefined();
    const bumped = new Map(edited).set(file, edited.get(file)!.replace("version: '1.0.0'", "version: '1.0.1'"));
    expect(compile(bumped, { previous }).diagnostics).toEqual([]);
  });

  it('a version bumped and then taken back is refused (versions only go forward), and so is a flow whose component file was deleted', () => {
    const file = 'definitions/notification/send-sms.task.ts';
    const bumped = new Map(sources).set(file, sources.get(file)!.replace("method: 'POST'", "method: 'PUT'").replace("version: '1.0.0'", "version: '1.0.1'"));
    const afterBump = compile(bumped, { previous }).files!;
    const back = new Map(bumped).set(file, bumped.get(file)!.replace("version: '1.0.1'", "version: '1.0.0'"));
    expect(compile(back, { previous: afterBump }).diagnostics.map(formatDiagnostic)).toEqual([
      `${file}:4:16: error FS2002: task 'send-sms' is at version 1.0.0, lower than its last generated version 1.0.1\n  hint: versions only go forward: use a version above 1.0.1`,
    ]);
    const withoutComponent = new Map(previous);
    withoutComponent.delete('payment/vnext/Workflows/payment-process.json');
    expect(compile(sources, { previous: withoutComponent }).diagnostics.map(formatDiagnostic)).toEqual([
      "generated/payment/vnext/Workflows/payment-process.json:1:1: error FS2007: the workflow component of flow 'payment-process' (listed in its domain's manifest) is missing\n  hint: restore it from version control (git checkout): it is what its version deployed",
    ]);
  });

  it('the committed definitions compile against their own generated/ with no such diagnostic', () => {
    expect(compile(sources, { previous }).diagnostics).toEqual([]);
  });
});
