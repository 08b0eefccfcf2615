import { cpSync, existsSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readHistory, type Manifest } from '../../src/artifacts/index.ts';
import { readTree } from '../../src/cli/files.ts';
import { compile } from '../../src/compile.ts';
import { formatDiagnostic } from '../../src/model/index.ts';
import { ChecksumMismatchError, createRuntime, InvalidManifestError, ManifestPathError, readDomainArtifacts, RuntimeError } from '../../src/runtime/index.ts';
import { flowschema, scratchProject } from '../support/cli.ts';
import { ROOT } from '../support/compile-dir.ts';
import { copyGenerated } from '../support/generated-copy.ts';

/**
 * A manifest names the files the runtime and the compiler read. One that was
 * tampered with (a path out of generated/<domain>/, another schema's file, a
 * domain or schema name with `/` or `..`) is refused when the manifest is
 * read, before any file it names is opened; one of the wrong shape is refused
 * with a clear error, never a TypeError.
 */

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? Mutable<U>[] : T[K] extends object ? Mutable<T[K]> : T[K] };

let gen: string;
beforeEach(() => {
  gen = copyGenerated();
});
afterEach(() => {
  rmSync(gen, { recursive: true, force: true });
});

/** Rewrites generated/<domain>/manifest.json through `change` (which may also replace it wholesale). */
function tamper(domain: string, change: (m: Mutable<Manifest>) => unknown): string {
  const path = join(gen, domain, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Mutable<Manifest>;
  const replaced = change(manifest);
  writeFileSync(path, JSON.stringify(replaced === undefined ? manifest : replaced));
  return path;
}

function refusal(read: () => unknown): RuntimeError {
  try {
    read();
  } catch (error) {
    return error as RuntimeError;
  }
  throw new Error('expected the manifest to be refused');
}

describe('the runtime refuses a manifest that names a path outside its layout', () => {
  const inside = () => `${join(gen, 'notification')}/`;

  it.each([
    ['a relative path up and out', '../../../../etc/passwd'],
    ['the same, to a file that does not exist (refused the same way: nothing is read)', '../../../../no/such/file.sql'],
    ['an absolute path', '/etc/passwd'],
    ['a path that leaves and comes back', 'flows/../../notification/flows/notification_dispatch/migrations/0001_1.0.0.sql'],
    ['inside the folder but not the layout', 'flows/notification_dispatch/migrations/./0001_1.0.0.sql'],
  ])('a migration file that is %s', (_, file) => {
    const manifest = tamper('notification', (m) => {
      m.schemas[0]!.migrations[0]!.file = file;
    });
    const error = refusal(() => readDomainArtifacts(gen, 'notification'));
    expect(error).toBeInstanceOf(ManifestPathError);
    expect(error.message).toBe(
      file.includes('/./')
        ? `${manifest}: migration 0001_1.0.0 of schema notification_dispatch names file '${file}', but its file is flows/notification_dispatch/migrations/0001_1.0.0.sql: refusing to read it`
        : `${manifest}: migration 0001_1.0.0 of schema notification_dispatch names file '${file}', which is not inside ${inside()}: refusing to read it`,
    );
  });

  it("another schema's migration file", () => {
    const manifest = tamper('onboarding', (m) => {
      m.schemas.find((s) => s.schema === 'document_approval')!.migrations[0]!.file = 'flows/customer_onboarding/migrations/0001_1.0.0.sql';
    });
    const error = refusal(() => readDomainArtifacts(gen, 'onboarding'));
    expect(error).toBeInstanceOf(ManifestPathError);
    expect(error.message).toBe(
      `${manifest}: migration 0001_1.0.0 of schema document_approval names file 'flows/customer_onboarding/migrations/0001_1.0.0.sql', but its file is flows/document_approval/migrations/0001_1.0.0.sql: refusing to read it`,
    );
  });

  it('a migration id that is a path', () => {
    const manifest = tamper('notification', (m) => {
      const migration = m.schemas[0]!.migrations[0]!;
      migration.id = '../../../../etc/passwd';
      migration.file = 'flows/notification_dispatch/migrations/../../../../etc/passwd.sql';
    });
    expect(refusal(() => readDomainArtifacts(gen, 'notification')).message).toBe(
      `${manifest}: migration 1 of schema notification_dispatch has id '../../../../etc/passwd', which is not a migration id (NNNN_<version>): refusing to read it`,
    );
  });

  it('a snapshot file elsewhere', () => {
    const manifest = tamper('notification', (m) => {
      m.schemas[0]!.snapshot.file = '../idm/flows/user_registration/snapshot.json';
    });
    expect(refusal(() => readDomainArtifacts(gen, 'notification')).message).toBe(
      `${manifest}: schema notification_dispatch names file '../idm/flows/user_registration/snapshot.json', which is not inside ${inside()}: refusing to read it`,
    );
  });

  it('a domain of ../x in the manifest', () => {
    const manifest = tamper('notification', (m) => {
      m.domain = '../x';
    });
    const error = refusal(() => readDomainArtifacts(gen, 'notification'));
    expect(error).toBeInstanceOf(ManifestPathError);
    expect(error.message).toBe(`${manifest}: it names domain '../x', but it is the manifest of domain 'notification': refusing to use it`);
  });

  it('a domain that is a path, given to the runtime: refused before its manifest is read', () => {
    // gen/onboarding/flows/../../notification/manifest.json exists and is sound: still refused.
    const error = refusal(() => readDomainArtifacts(join(gen, 'onboarding', 'flows'), '../../notification'));
    expect(error).toBeInstanceOf(ManifestPathError);
    expect(error.message).toBe(`${join(gen, 'onboarding', 'flows')}/../../notification/manifest.json: '../../notification' is not a domain name (^[a-z0-9-]+$): refusing to read it`);
  });

  it.each([
    ['with a /', 'notification_dispatch/../../../x'],
    ['of ..', '..'],
  ])('a schema name %s', (_, schema) => {
    const manifest = tamper('notification', (m) => {
      m.schemas[0]!.schema = schema;
    });
    const error = refusal(() => readDomainArtifacts(gen, 'notification'));
    expect(error).toBeInstanceOf(ManifestPathError);
    expect(error.message).toBe(`${manifest}: schema entry 1 names schema '${schema}', which is not a schema name (^[a-z0-9_]+$): refusing to use it`);
  });

  it('a flow key with a / (it names the flow component file)', () => {
    const manifest = tamper('notification', (m) => {
      m.schemas[0]!.flow = '../../x';
    });
    expect(refusal(() => readDomainArtifacts(gen, 'notification')).message).toBe(
      `${manifest}: schema notification_dispatch names flow '../../x', which is not a flow key (^[a-z0-9-]+$): refusing to use it`,
    );
  });

  it('a migration file that is a link out of the domain folder is not read, even with the right checksum', () => {
    const file = join(gen, 'notification/flows/notification_dispatch/migrations/0001_1.0.0.sql');
    const outside = join(gen, 'outside.sql');
    renameSync(file, outside);
    symlinkSync(outside, file);
    const artifacts = readDomainArtifacts(gen, 'notification');
    const [migration] = artifacts.migrations(artifacts.manifest.schemas[0]!);
    const error = refusal(() => migration!.sql());
    expect(error).toBeInstanceOf(ManifestPathError);
    expect(error.message).toBe(
      `${join(gen, 'notification/manifest.json')}: migration 0001_1.0.0 of schema notification_dispatch: its file ${file} is a link to ${realpathSync(outside)}, which is not inside ${inside()}: refusing to read it`,
    );
  });

  it('the runtime refuses it on ensureFlowSchema and status, before it connects to any database', async () => {
    const manifest = tamper('notification', (m) => {
      m.schemas[0]!.migrations[0]!.file = '../../../../etc/passwd';
    });
    // Nothing listens on port 1: a connection attempt would fail with another error.
    const runtime = createRuntime({ domain: 'notification', connection: 'postgres://nobody@127.0.0.1:1/none', generated: gen });
    try {
      const expected = `${manifest}: migration 0001_1.0.0 of schema notification_dispatch names file '../../../../etc/passwd', which is not inside ${inside()}: refusing to read it`;
      await expect(runtime.ensureFlowSchema('notification-dispatch')).rejects.toThrow(expected);
      await expect(runtime.status()).rejects.toThrow(expected);
      await expect(runtime.status()).rejects.toBeInstanceOf(ManifestPathError);
    } finally {
      await runtime.close();
    }
  });
});

describe('the runtime refuses a manifest of the wrong shape with a clear error, not a TypeError', () => {
  const restore = '(not what flowschema writes): restore it from version control';

  it.each<[string, (m: Mutable<Manifest>) => unknown, string]>([
    ['schemas not a list', (m) => void Object.assign(m, { schemas: {} }), 'its schemas are not a list'],
    ['schemas missing', (m) => void Object.assign(m, { schemas: undefined }), 'its schemas are not a list'],
    ['migrations missing', (m) => void Object.assign(m.schemas[0]!, { migrations: undefined }), 'schema notification_dispatch has no list of migrations'],
    ['a null schema entry', (m) => void Object.assign(m, { schemas: [null] }), 'schema entry 1 is not a JSON object'],
    ['a migration without a sha256', (m) => void Object.assign(m.schemas[0]!.migrations[0]!, { sha256: 42 }), 'migration 0001_1.0.0 of schema notification_dispatch has no sha256'],
    ['a manifest that is an array', () => [], 'it is not a JSON object'],
    ['a manifest that is null', () => null, 'it is not a JSON object'],
    ['another database', (m) => void Object.assign(m, { database: 'postgres' }), "it names database 'postgres', but domain 'notification' has database 'notification_db'"],
  ])('%s', (_, change, problem) => {
    const manifest = tamper('notification', change);
    const error = refusal(() => readDomainArtifacts(gen, 'notification'));
    expect(error).toBeInstanceOf(InvalidManifestError);
    expect(error).not.toBeInstanceOf(ManifestPathError);
    expect(error.message).toBe(`${manifest}: ${problem} ${restore}`);
  });

  it('a manifest that is not JSON, or missing', () => {
    const manifest = join(gen, 'notification', 'manifest.json');
    writeFileSync(manifest, '{ not json');
    const bad = refusal(() => readDomainArtifacts(gen, 'notification'));
    expect(bad).toBeInstanceOf(InvalidManifestError);
    expect(bad.message).toMatch(new RegExp(`^${escape(manifest)}: is not valid JSON \\(.+\\): restore it from version control$`));
    rmSync(manifest);
    const missing = refusal(() => readDomainArtifacts(gen, 'notification'));
    expect(missing).toBeInstanceOf(InvalidManifestError);
    expect(missing.message).toMatch(new RegExp(`^${escape(manifest)}: cannot be read \\(ENOENT.+\\): run flowschema compile$`));
  });

  it('the untouched artifacts are accepted', () => {
    for (const domain of ['idm', 'notification', 'onboarding', 'payment']) {
      const artifacts = readDomainArtifacts(gen, domain);
      for (const entry of artifacts.manifest.schemas) for (const m of artifacts.migrations(entry)) expect(m.sql().length).toBeGreaterThan(0);
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('the compiler refuses a tampered manifest in its history', () => {
  const sources = new Map([...readTree(join(ROOT, 'definitions'), (p) => p.endsWith('.ts'))].map(([p, t]) => [`definitions/${p}`, t]));
  const diagnosticsOf = () => {
    const result = compile(sources, { previous: readTree(gen), outLabel: 'generated' });
    expect(result.files).toBeUndefined();
    return result.diagnostics.map(formatDiagnostic);
  };
  const hint = '  hint: restore the manifest from version control (git checkout), then compile again';

  it('the untouched history is accepted', () => {
    const history = readHistory(readTree(gen), 'generated');
    expect(history.diagnostics).toEqual([]);
    expect([...history.flows.keys()].sort()).toEqual(['idm/user_registration', 'notification/notification_dispatch', 'onboarding/customer_onboarding', 'onboarding/document_approval', 'payment/payment_process']);
  });

  it('a migration file outside the domain folder is FS2008', () => {
    tamper('notification', (m) => {
      m.schemas[0]!.migrations[0]!.file = '../../../../etc/passwd';
    });
    expect(diagnosticsOf()).toEqual([
      `generated/notification/manifest.json:1:1: error FS2008: migration 0001_1.0.0 of schema notification_dispatch names file '../../../../etc/passwd', which is not inside generated/notification/: refusing to read it\n${hint}`,
    ]);
  });

  it("another schema's migration file is FS2008", () => {
    tamper('onboarding', (m) => {
      m.schemas.find((s) => s.schema === 'document_approval')!.migrations[0]!.file = 'flows/customer_onboarding/migrations/0001_1.0.0.sql';
    });
    expect(diagnosticsOf()).toEqual([
      `generated/onboarding/manifest.json:1:1: error FS2008: migration 0001_1.0.0 of schema document_approval names file 'flows/customer_onboarding/migrations/0001_1.0.0.sql', but its file is flows/document_approval/migrations/0001_1.0.0.sql: refusing to read it\n${hint}`,
    ]);
  });

  it('a domain of ../x and a schema name with a / are FS2008', () => {
    tamper('notification', (m) => {
      m.domain = '../x';
    });
    tamper('payment', (m) => {
      m.schemas[0]!.schema = 'payment_process/../../x';
    });
    expect(diagnosticsOf()).toEqual([
      `generated/notification/manifest.json:1:1: error FS2008: it names domain '../x', but it is the manifest of domain 'notification': refusing to use it\n${hint}`,
      `generated/payment/manifest.json:1:1: error FS2008: schema entry 1 names schema 'payment_process/../../x', which is not a schema name (^[a-z0-9_]+$): refusing to use it\n${hint}`,
    ]);
  });

  it('a manifest of the wrong shape is FS2007, not a crash', () => {
    tamper('notification', (m) => void Object.assign(m.schemas[0]!, { migrations: 'none' }));
    tamper('payment', () => ({ schemas: [null] }));
    expect(diagnosticsOf()).toEqual([
      'generated/notification/manifest.json:1:1: error FS2007: this manifest is not valid JSON of the expected shape (schema notification_dispatch has no list of migrations)\n  hint: restore it from version control (git checkout), then compile again',
      'generated/payment/manifest.json:1:1: error FS2007: this manifest is not valid JSON of the expected shape (it names no domain)\n  hint: restore it from version control (git checkout), then compile again',
    ]);
  });
});

describe('the CLI refuses a tampered manifest', () => {
  it('up (through its compile check), start and drift stop with the error, before any database', () => {
    const project = scratchProject(join(ROOT, 'definitions'));
    try {
      cpSync(gen, join(project, 'generated'), { recursive: true });
      const manifest = join(project, 'generated/notification/manifest.json');
      const m = JSON.parse(readFileSync(manifest, 'utf8')) as Mutable<Manifest>;
      m.schemas[0]!.migrations[0]!.file = '../../../../etc/passwd';
      writeFileSync(manifest, JSON.stringify(m));
      const problem = "migration 0001_1.0.0 of schema notification_dispatch names file '../../../../etc/passwd', which is not inside";
      const up = flowschema(['up'], project);
      expect(up.stderr).toContain(`generated/notification/manifest.json:1:1: error FS2008: ${problem} generated/notification/: refusing to read it\n`);
      expect(up.status).toBe(1);
      // Both read the manifests before they look for a server: no PostgreSQL is started.
      for (const args of [['start', 'notification-dispatch'], ['drift']]) {
        const run = flowschema(args, project);
        expect(run.stderr).toContain(`${realpathSync(project)}/generated/notification/manifest.json: ${problem} ${realpathSync(project)}/generated/notification/: refusing to read it`);
        expect(run.status).not.toBe(0);
      }
      expect(existsSync(join(project, '.flowschema/pg'))).toBe(false);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});

describe('the checksum error says "applied" only for an applied migration', () => {
  const manifestSha = 'a'.repeat(64);
  const fileSha = 'b'.repeat(64);

  it('an applied migration whose file changed', () => {
    const error = new ChecksumMismatchError('customer_onboarding', 'generated/onboarding/flows/customer_onboarding/migrations/0002_1.1.0.sql', manifestSha, fileSha);
    expect(error.state).toBe('applied');
    expect(error.message).toBe(
      'generated/onboarding/flows/customer_onboarding/migrations/0002_1.1.0.sql: schema customer_onboarding applied this migration with sha256 aaaaaaaaaaaa…, but the file now has bbbbbbbbbbbb…; an applied migration must never change',
    );
  });

  it('a pending (never applied) migration whose file differs from the manifest', () => {
    const error = new ChecksumMismatchError('customer_onboarding', 'generated/onboarding/flows/customer_onboarding/migrations/0002_1.1.0.sql', manifestSha, fileSha, 'pending');
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect(error.message).toBe(
      "generated/onboarding/flows/customer_onboarding/migrations/0002_1.1.0.sql: its sha256 (bbbbbbbbbbbb…) differs from the manifest's (aaaaaaaaaaaa…); the file was changed after it was generated: restore it",
    );
    expect(error.message).not.toContain('applied');
  });
});
