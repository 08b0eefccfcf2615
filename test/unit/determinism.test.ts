import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTree } from '../../src/cli/files.ts';
import { compile } from '../../src/compile.ts';
import { ROOT } from '../support/compile-dir.ts';

describe('deterministic output', () => {
  const sources = new Map([...readTree(join(ROOT, 'definitions'), (p) => p.endsWith('.ts'))].map(([p, t]) => [`definitions/${p}`, t]));

  it('same definitions, byte-identical files, whatever the order files are read in', () => {
    const first = compile(sources).files!;
    const reversed = compile(new Map([...sources].reverse())).files!;
    expect([...reversed]).toEqual([...first]);
    expect([...compile(sources).files!]).toEqual([...first]);
  });

  it('whitespace and comments in a definition change nothing generated', () => {
    const edited = new Map(sources);
    const key = 'definitions/payment/payment-process.flow.ts';
    edited.set(key, `// a comment\n\n${sources.get(key)!.replace(/\n/g, '\n\n')}`);
    const a = compile(sources).files!;
    const b = compile(edited).files!;
    // The migration header names the source file, not positions: everything is identical.
    expect([...b]).toEqual([...a]);
  });
});
