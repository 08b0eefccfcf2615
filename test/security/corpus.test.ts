import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256, type Manifest } from '../../src/artifacts/index.ts';
import { readTree } from '../../src/cli/files.ts';
import { compile } from '../../src/compile.ts';
import { formatDiagnostic, rolesOf } from '../../src/model/index.ts';
import { createRuntime, startInstance, SYSTEM_SCHEMAS } from '../../src/runtime/index.ts';
import { clusterState, escapedChanges } from '../support/cluster-state.ts';
import { ROOT } from '../support/compile-dir.ts';
import { connect, serverUrl } from '../support/db.ts';
import { bootstrappedDatabase } from '../support/domain-db.ts';

/**
 * The adversarial corpus: test/security/corpus/<case>/ holds a project's
 * definitions/ (and, for a change between versions, previous/: the
 * definitions of the version before, compiled first as the history), and
 * either
 *  - expected.txt: refused at compile time, with exactly these diagnostics
 *    and no file produced; or
 *  - expect.json: compiled, then applied by the runtime, logged in as the
 *    domain's init role, to a freshly bootstrapped database:
 *      { "outcome": "applied" | "failed" | "refused", "error"?: exact message
 *        (the generated folder written <generated>, the database <database>), "tamper"?: { "file",
 *        "append"?, "manifestFile"? } (an attacker who can write generated/:
 *        the manifest's checksum is updated to match), "client"?: true }.
 *    Whatever the outcome, nothing outside the domain's declared objects may
 *    change: roles and their powers, memberships, databases, schemas, objects
 *    in public, large objects, event triggers, the database's privileges
 *    (test/support/cluster-state.ts). A "client" case's generated clients
 *    must compile under tsc --strict and import without any side effect.
 * Every case uses a domain of its own; its roles are dropped at the end.
 */
const CORPUS = join(ROOT, 'test/security/corpus');
const cases = readdirSync(CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const update = process.env.UPDATE_GOLDEN === '1' && !process.env.CI;

interface Expectation {
  readonly outcome: 'applied' | 'failed' | 'refused';
  readonly error?: string;
  readonly tamper?: { readonly file: string; readonly append?: string; readonly manifestFile?: string };
  readonly client?: boolean;
}

/** A case's definitions (from `folder`) as the compiler reads them: paths `definitions/…`. */
function sourcesOf(dir: string, folder: string): Map<string, string> {
  const sources = new Map<string, string>();
  for (const [rel, text] of readTree(join(dir, folder), (p) => p.endsWith('.ts'))) sources.set(`definitions/${rel}`, text);
  return sources;
}

const domains = new Set<string>();
const clients: { name: string; text: string }[] = [];
const outcomes: Record<string, string> = {};

describe('adversarial corpus (test/security/corpus)', () => {
  afterAll(async () => {
    // Roles are cluster-wide: drop every case's (their databases are gone).
    const admin = await connect(serverUrl());
    try {
      for (const domain of domains)
        for (const role of Object.values(rolesOf(domain))) await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => {});
    } finally {
      await admin.end();
    }
  });

  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it('the containment check sees what an escape would change, and not what parallel tests change', () => {
    const domain = { schemas: ['public owned by pg_database_owner'], publicObjects: [], largeObjects: 0, eventTriggers: [], databaseAcl: null };
    const before = { roles: new Map([['d_init', 'LOGIN'], ['other_init', 'LOGIN'], ['postgres', 'SUPERUSER LOGIN']]), memberships: new Set<string>(), databases: new Set(['postgres']), domain };
    const after = {
      roles: new Map([['d_init', 'SUPERUSER LOGIN'], ['other_init', 'CREATEDB LOGIN'], ['postgres', 'SUPERUSER LOGIN'], ['pwn', 'LOGIN'], ['t2_init', 'LOGIN']]),
      memberships: new Set(['d_init > d_execution', 'pg_read_all_data > other_init']),
      databases: new Set(['postgres', 'pwn', 't_other_db']),
      domain: { schemas: [...domain.schemas, 'evil owned by d_init', 'f owned by d_init'], publicObjects: ['relation pwn'], largeObjects: 1, eventTriggers: ['pwn'], databaseAcl: '{=c/postgres}' },
    };
    expect(escapedChanges(before, after, ['f owned by d_init'], ['d_init', 'd_orchestration', 'd_execution'])).toEqual([
      'role d_init: LOGIN -> SUPERUSER LOGIN',
      'role pwn created (LOGIN)',
      'membership d_init > d_execution granted',
      'database pwn created',
      'schema evil owned by d_init',
      'public: relation pwn',
      'large objects: 0 -> 1',
      'event trigger pwn',
      'database privileges: null -> {=c/postgres}',
      'role pwn exists',
      'database pwn exists',
    ]);
  });

  for (const name of cases) {
    it(name, async () => {
      const dir = join(CORPUS, name);
      const previous = existsSync(join(dir, 'previous')) ? compile(sourcesOf(dir, 'previous')) : undefined;
      if (previous) expect(previous.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
      const result = compile(sourcesOf(dir, 'definitions'), previous?.files ? { previous: previous.files } : {});
      const diagnostics = result.diagnostics.map((d) => `${formatDiagnostic(d)}\n`).join('');
      if (existsSync(join(dir, 'expected.txt')) || (update && !existsSync(join(dir, 'expect.json')))) {
        if (update) writeFileSync(join(dir, 'expected.txt'), diagnostics);
        expect(diagnostics).toBe(readFileSync(join(dir, 'expected.txt'), 'utf8'));
        expect(diagnostics).toContain('error');
        expect(result.files).toBeUndefined();
        outcomes[name] = 'refused at compile time';
        return;
      }
      expect(result.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
      const expectation = JSON.parse(readFileSync(join(dir, 'expect.json'), 'utf8')) as Expectation;
      const model = result.model!;
      expect(model.domains).toHaveLength(1);
      const domain = model.domains[0]!.name;
      domains.add(domain);
      const generated = mkdtempSync(join(tmpdir(), 'flowschema-corpus-'));
      try {
        for (const [path, text] of result.files!) {
          mkdirSync(dirname(join(generated, path)), { recursive: true });
          writeFileSync(join(generated, path), text);
          if (expectation.client && path.endsWith('client.ts')) clients.push({ name: `${name}/${path}`, text });
        }
        if (expectation.tamper) tamper(generated, domain, expectation.tamper);
        const outcome = await apply(name, generated, domain);
        expect(outcome.escaped, 'changes outside the domain').toEqual([]);
        const error = outcome.error?.split(generated).join('<generated>').split(outcome.database).join('<database>');
        if (update) writeFileSync(join(dir, 'expect.json'), `${JSON.stringify({ ...expectation, outcome: outcome.outcome, ...(error !== undefined && { error }) }, null, 2)}\n`);
        expect({ outcome: outcome.outcome, ...(error !== undefined && { error }) }).toEqual({ outcome: expectation.outcome, ...(expectation.error !== undefined && { error: expectation.error }) });
        outcomes[name] = expectation.outcome === 'applied' ? 'applied, contained' : `${expectation.outcome} at apply time, contained`;
      } finally {
        rmSync(generated, { recursive: true, force: true });
      }
    });
  }

  it('the clients of the "client" cases compile under tsc --strict and import without a side effect', () => {
    expect(clients.length).toBeGreaterThan(0);
    const work = mkdtempSync(join(tmpdir(), 'flowschema-corpus-clients-'));
    try {
      symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');
      writeFileSync(join(work, 'package.json'), '{ "type": "module" }\n');
      const files = clients.map((c, i) => {
        writeFileSync(join(work, `client${i}.ts`), c.text);
        return `client${i}.ts`;
      });
      writeFileSync(join(work, 'import-all.ts'), files.map((f) => `import './${f}';`).join('\n'));
      writeFileSync(
        join(work, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], allowImportingTsExtensions: true }, include: files }),
      );
      const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: work, encoding: 'utf8' });
      expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
      const run = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['import-all.ts'], { cwd: work, encoding: 'utf8' });
      expect({ stdout: run.stdout, stderr: run.stderr, status: run.status }).toEqual({ stdout: '', stderr: '', status: 0 });
      expect(readdirSync(work).filter((f) => f.startsWith('pwn'))).toEqual([]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('reports which cases were refused at compile time and which were contained at apply time', () => {
    const lines = cases.map((c) => `${c}: ${outcomes[c] ?? 'did not run'}`);
    if (process.env.CORPUS_REPORT) writeFileSync(process.env.CORPUS_REPORT, `${lines.join('\n')}\n`);
    expect(lines.filter((l) => l.endsWith('did not run'))).toEqual([]);
  });
});

/** An attacker who can write generated/: changes a file and sets the manifest's checksum to match. */
function tamper(generated: string, domain: string, t: NonNullable<Expectation['tamper']>): void {
  const path = join(generated, domain, t.file);
  const manifestPath = join(generated, domain, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const entry = manifest.schemas.flatMap((s) => s.migrations).find((m) => m.file === t.file)!;
  if (t.append !== undefined) {
    writeFileSync(path, `${readFileSync(path, 'utf8')}${t.append}\n`);
    (entry as { sha256: string }).sha256 = sha256(readFileSync(path, 'utf8'));
  }
  if (t.manifestFile !== undefined) (entry as { file: string }).file = t.manifestFile;
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
}

/**
 * Bootstraps a database for the domain, applies every flow's migrations as
 * the init role and starts an instance of each as the orchestration role;
 * the cluster's state before and after tells what escaped.
 */
async function apply(name: string, generated: string, domain: string): Promise<{ outcome: Expectation['outcome']; error?: string; escaped: string[]; database: string }> {
  const db = await bootstrappedDatabase(`sec_${name}`, domain);
  const roles = rolesOf(domain);
  try {
    const before = await clusterState(db.adminUrl);
    let outcome: Expectation['outcome'] = 'applied';
    let error: string | undefined;
    let schemas: string[] = [];
    const runtime = createRuntime({ domain, connection: db.initUrl, generated, lockWaitMs: 5_000 });
    const pool = new pg.Pool({ connectionString: db.url('orchestration'), max: 1 });
    try {
      await runtime.start();
      await runtime.deploy();
      const manifest = JSON.parse(readFileSync(join(generated, domain, 'manifest.json'), 'utf8')) as Manifest;
      schemas = manifest.schemas.map((s) => s.schema);
      for (const s of manifest.schemas) {
        await runtime.ensureFlowSchema(s.flow);
        await startInstance(runtime, pool, s.flow, `k-${s.flow}`, {});
      }
    } catch (e) {
      const err = e as Error;
      outcome = err.name === 'MigrationFailedError' ? 'failed' : 'refused';
      error = err.message;
    } finally {
      await pool.end();
      await runtime.close();
    }
    const after = await clusterState(db.adminUrl);
    // The domain's declared schemas (a flow's earlier migrations may have applied before a later one failed).
    const expected = [...SYSTEM_SCHEMAS, ...schemas].map((s) => `${s} owned by ${roles.init}`);
    return { outcome, ...(error !== undefined && { error }), escaped: escapedChanges(before, after, expected, Object.values(roles)), database: db.name };
  } finally {
    await db.drop();
  }
}
