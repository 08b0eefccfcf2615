import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDefinitions } from '../../src/cli/sources.ts';
import { compileStream } from '../../src/compile.ts';
import { formatDiagnostic } from '../../src/model/index.ts';

/**
 * script('./src/X.csx'): a C# script beside the definition, encoded into the
 * workflow as the platform's CLI does ({ location, code: Base64 of the
 * file's bytes }). A script is a dependency of the definition that reads it:
 * a warm compile cache must not keep the old code.
 */
const flow = (mapping: string) => `import { defineFlow, script } from 'flowschema';
export default defineFlow({
  key: 'scripted', domain: 'd', version: '1.0.0',
  states: { a: { type: 'initial', transitions: { go: { target: 'b', rule: script('${mapping}') } } }, b: { type: 'final' } },
});
`;
const domain = "import { defineDomain } from 'flowschema';\nexport default defineDomain({ name: 'd' });\n";
const WORKFLOW = 'd/vnext/Workflows/scripted.json';

function sources(code: string, path = './src/Go.csx'): Map<string, string> {
  return new Map([
    ['definitions/d/domain.ts', domain],
    ['definitions/d/scripted.flow.ts', flow(path)],
    ['definitions/d/src/Go.csx', code],
  ]);
}

function rule(files: Map<string, string>) {
  return JSON.parse(files.get(WORKFLOW)!).attributes.states[0].transitions[0].rule;
}

describe('script files', () => {
  it('are encoded byte for byte in Base64, with the location as written (UTF-8 and no trailing newline kept)', () => {
    const code = '// Müşteri\nreturn true;';
    const result = compileStream(sources(code));
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(rule(new Map(result.files!))).toEqual({ location: './src/Go.csx', code: Buffer.from(code, 'utf8').toString('base64') });
  });

  it('a changed script is compiled again with a warm cache (no stale code), and at the same version it is refused as a change to what that version deployed', () => {
    const first = compileStream(sources('return true;\n'));
    const previous = new Map(first.files!);
    const cache = first.cache!();
    expect(Object.keys(cache['definitions/d/scripted.flow.ts']!.deps)).toEqual(['definitions/d/src/Go.csx']);

    const fresh = compileStream(sources('return false;\n'), { cache });
    expect(fresh.cacheHits).toBe(1); // domain.ts only
    expect(rule(new Map(fresh.files!)).code).toBe(Buffer.from('return false;\n').toString('base64'));

    const over = compileStream(sources('return false;\n'), { previous, cache });
    expect(over.diagnostics.map((d) => d.code)).toEqual(['FS2009']);
  });

  it('a path that leaves definitions/ is not found: only the sources given are read', () => {
    const result = compileStream(sources('x', '../../../etc/passwd.csx'));
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      "definitions/d/scripted.flow.ts:4:82: error FS1019: cannot find script file '../../../etc/passwd.csx' (../etc/passwd.csx)\n  hint: keep script files inside the definitions folder, next to the definition that uses them (a symbolic link is not read: only regular files are)",
    ]);
  });

  it('a script that is a symbolic link (to a secret outside the project, say) is not read: the CLI reads regular files only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fs-scripts-'));
    try {
      const secret = join(dir, 'secret.txt');
      writeFileSync(secret, 'TOP SECRET');
      mkdirSync(join(dir, 'definitions', 'd', 'src'), { recursive: true });
      writeFileSync(join(dir, 'definitions', 'd', 'domain.ts'), domain);
      writeFileSync(join(dir, 'definitions', 'd', 'scripted.flow.ts'), flow('./src/Go.csx'));
      symlinkSync(secret, join(dir, 'definitions', 'd', 'src', 'Go.csx'));
      const { sources: read } = readDefinitions(join(dir, 'definitions'))!;
      expect([...read.keys()].sort()).toEqual(['definitions/d/domain.ts', 'definitions/d/scripted.flow.ts']);
      const result = compileStream(read);
      expect(result.diagnostics.map((d) => d.code)).toEqual(['FS1019']);
      expect(result.files).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a script that is not UTF-8 (Windows-1252 bytes, say) is refused: the platform would run other code than the file holds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fs-scripts-'));
    try {
      mkdirSync(join(dir, 'definitions', 'd', 'src'), { recursive: true });
      writeFileSync(join(dir, 'definitions', 'd', 'domain.ts'), domain);
      writeFileSync(join(dir, 'definitions', 'd', 'scripted.flow.ts'), flow('./src/Go.csx'));
      writeFileSync(join(dir, 'definitions', 'd', 'src', 'Go.csx'), Buffer.from([0x72, 0x65, 0x74, 0x75, 0x72, 0x6e, 0x20, 0x22, 0x63, 0x61, 0x66, 0xe9, 0x22, 0x3b, 0x0a]));
      const result = compileStream(readDefinitions(join(dir, 'definitions'))!.sources);
      expect(result.diagnostics.map(formatDiagnostic)).toEqual([
        "definitions/d/scripted.flow.ts:4:82: error FS1019: script file './src/Go.csx' is not UTF-8 text\n  hint: save it as UTF-8",
      ]);
      // and UTF-8 text that holds U+FFFD itself is text like any other
      writeFileSync(join(dir, 'definitions', 'd', 'src', 'Go.csx'), 'return "\uFFFD";\n');
      expect(compileStream(readDefinitions(join(dir, 'definitions'))!.sources).diagnostics).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
