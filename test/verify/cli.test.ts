import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256, type Manifest } from '../../src/artifacts/index.ts';
import { readTree } from '../../src/cli/files.ts';
import { dropDatabase } from '../../src/db/index.ts';
import { flowschema } from '../support/cli.ts';
import { serverUrl } from '../support/db.ts';
import { passwordEnv } from '../support/domain-db.ts';
import { dropRoles } from '../support/security-project.ts';

/**
 * `compile --verify` through the real bin, on DATABASE_URL, for a domain of
 * this file's own (`vfy-cli`: its databases and roles are made by the CLI's
 * bootstrap and dropped at the end). Each test starts from a fresh project.
 */
const DOMAIN = 'vfy-cli';
const DATABASES = ['vfy_cli_db', 'vfy_cli_drift'];
const FLOW = 'definitions/vfy-cli/ledger.flow.ts';

function ledger(version: string, columns: string, extra = ''): string {
  return `import { defineFlow, sql } from 'flowschema';

export default defineFlow({
  key: 'ledger',
  domain: 'vfy-cli',
  version: '${version}',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  tables: {
    entries: {
      columns: {
        id: { type: 'integer', primaryKey: true },
${columns}      },
      checks: { amount_positive: 'amount > 0' },
    },
  },
${extra}});
`;
}

const V1 = ledger('1.0.0', "        amount: { type: 'numeric', precision: 12, scale: 2 },\n", "  seeds: { entries: [{ id: 1, amount: 5 }] },\n");
const V2 = ledger('1.1.0', "        amount: { type: 'numeric', precision: 12, scale: 2 },\n        memo: { type: 'text', optional: true },\n", "  seeds: { entries: [{ id: 1, amount: 5 }] },\n");

let env: NodeJS.ProcessEnv;
const projects: string[] = [];

function project(flow: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowschema-verify-'));
  projects.push(dir);
  mkdirSync(join(dir, 'definitions', DOMAIN), { recursive: true });
  writeFileSync(join(dir, 'definitions', DOMAIN, 'domain.ts'), `import { defineDomain } from 'flowschema';\nexport default defineDomain({ name: '${DOMAIN}' });\n`);
  writeFileSync(join(dir, FLOW), flow);
  return dir;
}

/** A run that must not reach PostgreSQL: the server's and the domain's credentials are wrong, so any login would fail. */
function offlineEnv(): NodeJS.ProcessEnv {
  const url = new URL(serverUrl());
  url.password = 'not-the-password';
  return { ...env, DATABASE_URL: url.toString(), FLOWSCHEMA_PASSWORD_VFY_CLI_INIT: 'not-the-password' };
}

const verifiedLine = (flows: number, built: number, databases: number, problems = 0) =>
  `verified ${flows} flow(s): ${built} built in ${databases} scratch database(s), ${flows - built} unchanged since verified${problems ? `; ${problems} problem(s)` : ''}`;

describe('flowschema compile --verify', () => {
  beforeAll(async () => {
    env = { DATABASE_URL: serverUrl(), ...passwordEnv([DOMAIN]) };
    for (const db of DATABASES) await dropDatabase(serverUrl(), db);
  });
  afterAll(async () => {
    for (const db of DATABASES) await dropDatabase(serverUrl(), db);
    await dropRoles(DOMAIN);
    for (const dir of projects) rmSync(dir, { recursive: true, force: true });
  });

  it('verifies, then writes; a second run is answered by the cache with no database at all; a changed chain is verified again', () => {
    const dir = project(V1);
    const first = flowschema(['compile', '--verify'], dir, env);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout.split('\n')[0]).toBe(verifiedLine(1, 1, 1));
    expect(first.stdout).toContain('created  generated/vfy-cli/flows/ledger/migrations/0001_1.0.0.sql');
    expect(existsSync(join(dir, '.flowschema/cache/verify.json'))).toBe(true);

    // Nothing changed: no server is reached (any login would fail with these credentials).
    const second = flowschema(['compile', '--verify'], dir, offlineEnv());
    expect(second.stderr).toBe('');
    expect(second.stdout.split('\n')).toEqual([verifiedLine(1, 0, 0), expect.stringMatching(/^generated is up to date \(\d+ files\); nothing written$/), '']);
    expect(second.status).toBe(0);
    const check = flowschema(['compile', '--check', '--verify'], dir, offlineEnv());
    expect(check.stdout.split('\n')).toEqual([verifiedLine(1, 0, 0), expect.stringMatching(/^generated is up to date \(\d+ files\)$/), '']);
    expect(check.status).toBe(0);

    // A new version: its chain (0001 + 0002) is new, so it is built; offline, that fails with exit 2.
    writeFileSync(join(dir, FLOW), V2);
    const offline = flowschema(['compile', '--verify'], dir, offlineEnv());
    expect(offline.status).toBe(2);
    expect(existsSync(join(dir, 'generated/vfy-cli/flows/ledger/migrations/0002_1.1.0.sql'))).toBe(false);
    const third = flowschema(['compile', '--verify'], dir, env);
    expect(third.stderr).toBe('');
    expect(third.status).toBe(0);
    expect(third.stdout.split('\n')[0]).toBe(verifiedLine(1, 1, 1));
    expect(existsSync(join(dir, 'generated/vfy-cli/flows/ledger/migrations/0002_1.1.0.sql'))).toBe(true);
    // FLOWSCHEMA_NO_CACHE=1: built again, nothing kept.
    const uncached = flowschema(['compile', '--verify'], dir, { ...env, FLOWSCHEMA_NO_CACHE: '1' });
    expect(uncached.stdout.split('\n')[0]).toBe(verifiedLine(1, 1, 1));
  });

  it('a migration PostgreSQL refuses: the diagnostic at the definition, exit 1, nothing written (compile and compile --check)', () => {
    const dir = project(V1);
    expect(flowschema(['compile', '--verify'], dir, env).status).toBe(0);
    const gen = join(dir, 'generated');
    const before = readTree(gen);
    // v1.1.0 adds a check over a column that does not exist (the column is annual_rate in SQL).
    writeFileSync(join(dir, FLOW), V2.replace("checks: { amount_positive: 'amount > 0' }", "checks: { amount_positive: 'amount > 0', memo_short: 'length(memos) < 100' }"));
    const expected = [
      `${FLOW}:15:48: error FS2201: PostgreSQL refuses check 'memo_short' of table 'entries' in migration 0002_1.1.0 of schema ledger (statement 2: add check memo_short on entries (NOT VALID)): column "memos" does not exist (SQLSTATE 42703)`,
      '  hint: Perhaps you meant to reference the column "entries.memo".',
      '1 error(s), 0 warning(s)',
    ];
    const run = flowschema(['compile', '--verify'], dir, env);
    expect(run.stderr).toBe(`${[...expected, 'flowschema: verification failed: nothing written to generated'].join('\n')}\n`);
    expect(run.stdout).toBe(`${verifiedLine(1, 1, 1, 1)}\n`);
    expect(run.status).toBe(1);
    expect(readTree(gen)).toEqual(before);

    const check = flowschema(['compile', '--check', '--verify'], dir, env);
    expect(check.stderr).toBe(`${expected.join('\n')}\n`);
    expect(check.status).toBe(1);
    expect(readTree(gen)).toEqual(before);
    // Without --verify, compile takes it (PostgreSQL would refuse it at up); verified afterwards, the migration is
    // in the history (its changes are not known any more): it is placed by the statement PostgreSQL refused.
    expect(flowschema(['compile'], dir, env).status).toBe(0);
    const later = flowschema(['compile', '--verify'], dir, env);
    expect(later.stderr.split('\n').slice(0, 2)).toEqual([
      `${FLOW}:15:48: error FS2201: PostgreSQL refuses check 'memo_short' of table 'entries' in migration 0002_1.1.0 of schema ledger (statement 2): column "memos" does not exist (SQLSTATE 42703)`,
      '  hint: Perhaps you meant to reference the column "entries.memo".',
    ]);
    expect(later.status).toBe(1);
  });

  it('a hand-edited snapshot: the next version compiles to a chain that does not build it (FS2202)', () => {
    const dir = project(V1);
    expect(flowschema(['compile'], dir, env).status).toBe(0);
    // Someone "adds" memo to the snapshot by hand: the next version then sees no change to make.
    const snapshotPath = join(dir, 'generated/vfy-cli/flows/ledger/snapshot.json');
    type Snapshot = { schema: { tables: { name: string; columns: { name: string }[] }[] } };
    const entries = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as Snapshot).schema.tables.find((t) => t.name === 'entries')!;
    // the column exactly as a snapshot of version 1.1.0 records it
    const other = project(V2);
    expect(flowschema(['compile'], other, env).status).toBe(0);
    const memo = entries(join(other, 'generated/vfy-cli/flows/ledger/snapshot.json')).columns.find((c) => c.name === 'memo')!;
    const snapshot = JSON.parse(readFileSync(snapshotPath, 'utf8')) as Snapshot;
    snapshot.schema.tables.find((t) => t.name === 'entries')!.columns.push(memo);
    writeFileSync(snapshotPath, JSON.stringify(snapshot, null, 2));
    writeFileSync(join(dir, FLOW), V2);
    const plain = flowschema(['compile', '--check'], dir, env);
    expect(plain.stdout).not.toContain('0002');
    const before = readTree(join(dir, 'generated'));
    const run = flowschema(['compile', '--verify'], dir, env);
    expect(run.stderr).toBe(
      [
        `${FLOW}:13:9: error FS2202: the migrations of schema ledger do not build what version 1.1.0 declares: column entries.memo is missing after the chain (a fresh build has: text)`,
        "  hint: the history does not lead to this version's schema (a migration edited and re-checksummed, a snapshot edited by hand, or before/after SQL that changes the schema): restore generated/ from version control (git checkout), then compile again",
        '1 error(s), 0 warning(s)',
        'flowschema: verification failed: nothing written to generated',
        '',
      ].join('\n'),
    );
    expect(run.status).toBe(1);
    expect(readTree(join(dir, 'generated'))).toEqual(before);
  });

  it('a migration edited and re-checksummed in the manifest: the chain differs from a fresh build (FS2202), or PostgreSQL refuses it (FS2201)', () => {
    const dir = project(V1);
    expect(flowschema(['compile'], dir, env).status).toBe(0);
    const file = 'generated/vfy-cli/flows/ledger/migrations/0001_1.0.0.sql';
    const rechecksum = (edit: (sql: string) => string) => {
      const sql = edit(readFileSync(join(dir, file), 'utf8'));
      writeFileSync(join(dir, file), sql);
      const manifestPath = join(dir, 'generated/vfy-cli/manifest.json');
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
      (manifest.schemas[0]!.migrations[0] as { sha256: string }).sha256 = sha256(sql);
      writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    };
    const original = readFileSync(join(dir, file), 'utf8');
    rechecksum((sql) => sql.replace('"amount" numeric(12,2) NOT NULL', '"amount" numeric(14,2) NOT NULL'));
    // compile itself cannot tell: the checksum matches (it only lays the manifest out again).
    const plain = flowschema(['compile'], dir, env);
    expect(plain.stderr).toBe('');
    expect(plain.status).toBe(0);
    const run = flowschema(['compile', '--check', '--verify'], dir, env);
    expect(run.stderr).toBe(
      [
        `${FLOW}:12:9: error FS2202: the migrations of schema ledger do not build what version 1.0.0 declares: column entries.amount differs in its type: numeric(14,2) after the chain, numeric(12,2) in a fresh build`,
        "  hint: the history does not lead to this version's schema (a migration edited and re-checksummed, a snapshot edited by hand, or before/after SQL that changes the schema): restore generated/ from version control (git checkout), then compile again",
        '1 error(s), 0 warning(s)',
        '',
      ].join('\n'),
    );
    expect(run.status).toBe(1);

    rechecksum(() => `${original}\nSELECT 1 / 0;\n`);
    expect(flowschema(['compile'], dir, env).status).toBe(0);
    const refused = flowschema(['compile', '--check', '--verify'], dir, env);
    expect(refused.stderr).toBe(
      [
        `${FLOW}:3:16: error FS2201: PostgreSQL refuses migration 0001_1.0.0 of schema ledger (statement 15): division by zero (SQLSTATE 22012)`,
        '  hint: vfy-cli/flows/ledger/migrations/0001_1.0.0.sql is already in the history: if it was edited, restore it from version control (git checkout); flowschema up would stop at it too',
        '1 error(s), 0 warning(s)',
        '',
      ].join('\n'),
    );
    expect(refused.status).toBe(1);
  });
});
