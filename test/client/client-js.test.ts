import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readTree } from '../../src/cli/files.ts';
import { compile } from '../../src/compile.ts';
import { ROOT } from '../support/compile-dir.ts';

/**
 * `compile --client js`: each flow's client as ESM JavaScript (client.js)
 * and its declarations (client.d.ts) instead of client.ts, for JavaScript
 * services. The choice sticks to the output folder. The package test runs
 * one against PostgreSQL from a .mjs service and type-checks a caller.
 */
const defs = join(ROOT, 'definitions');
const sources = new Map([...readTree(defs, (p) => p.endsWith('.ts'))].map(([rel, text]) => [`${relative(ROOT, defs).split(sep).join('/')}/${rel}`, text]));
const tsTree = compile(sources).files!;
const jsTree = compile(sources, { client: 'js' }).files!;
const clients = [...tsTree.keys()].filter((p) => p.endsWith('/client.ts'));

describe('compile --client js', () => {
  const dir = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'flowschema-client-js-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes client.js and client.d.ts for every flow instead of client.ts; everything else is the same', () => {
    expect(clients.length).toBe(5);
    const expected = [...tsTree.keys()].flatMap((p) => (p.endsWith('/client.ts') ? [p.replace(/\.ts$/, '.d.ts'), p.replace(/\.ts$/, '.js')] : [p])).sort();
    expect([...jsTree.keys()].sort()).toEqual(expected);
    for (const [path, text] of jsTree) if (!/\/client\.(js|d\.ts)$/.test(path)) expect(text).toBe(tsTree.get(path));
  });

  it('is deterministic, and sticks: a compile without --client keeps JavaScript; --client ts switches back', () => {
    const sorted = (tree: ReadonlyMap<string, string>) => [...tree].sort(([a], [b]) => (a < b ? -1 : 1));
    expect(sorted(compile(sources, { client: 'js' }).files!)).toEqual(sorted(jsTree));
    expect(sorted(compile(sources, { previous: jsTree }).files!)).toEqual(sorted(jsTree));
    expect(sorted(compile(sources, { previous: jsTree, client: 'ts' }).files!)).toEqual(sorted(tsTree));
  });

  it('keeps the header and the doc comments; erases every type', () => {
    for (const path of clients) {
      const js = jsTree.get(path.replace(/\.ts$/, '.js'))!;
      const dts = jsTree.get(path.replace(/\.ts$/, '.d.ts'))!;
      const header = tsTree.get(path)!.split('\n').slice(0, 3).join('\n');
      expect(js.startsWith(`${header}\n`)).toBe(true);
      expect(dts.startsWith(`${header}\n`)).toBe(true);
      expect(js).not.toMatch(/^\s*(?:export )?(?:interface|type) /m);
      expect(js).not.toMatch(/^import /m); // the TypeScript client imports pg for its types only
      expect(dts).toContain('export declare class');
    }
  });

  it('every JavaScript client loads in plain Node and exports exactly the values its declarations declare', async () => {
    mkdirSync(join(dir, 'clients'), { recursive: true });
    writeFileSync(join(dir, 'clients', 'package.json'), '{"type":"module"}');
    for (const [i, path] of clients.entries()) {
      const js = jsTree.get(path.replace(/\.ts$/, '.js'))!;
      const dts = jsTree.get(path.replace(/\.ts$/, '.d.ts'))!;
      writeFileSync(join(dir, 'clients', `c${i}.js`), js);
      const loaded = Object.keys(await import(pathToFileURL(join(dir, 'clients', `c${i}.js`)).href)).sort();
      const declared = [...dts.matchAll(/^export declare (?:abstract )?(?:const|class|function|let) ([A-Za-z_$][\w$]*)/gm), ...dts.matchAll(/^export (?:async )?function ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]!).sort();
      expect(loaded, path).toEqual(declared);
    }
  });

  it('hostile names (the injection golden case) stay inside their strings and comments in both files', async () => {
    const caseDir = join(ROOT, 'test', 'golden', 'compile', 'injection');
    const hostile = new Map([...readTree(join(caseDir, 'definitions'), (p) => p.endsWith('.ts'))].map(([rel, text]) => [`definitions/${rel}`, text]));
    const tree = compile(hostile, { client: 'js' }).files!;
    const ts = compile(hostile).files!;
    for (const [path, source] of ts) {
      if (!path.endsWith('/client.ts')) continue;
      const file = join(dir, 'clients', `hostile-${path.split('/')[2]}.js`);
      writeFileSync(file, tree.get(path.replace(/\.ts$/, '.js'))!);
      const loaded = await import(pathToFileURL(file).href);
      const flow = /^export const FLOW = (.*);$/m.exec(source)![1]!;
      expect(loaded.FLOW).toBe(JSON.parse(flow));
      expect(tree.get(path.replace(/\.ts$/, '.d.ts'))).toContain(`export declare const FLOW = ${flow};`);
    }
  });
});
