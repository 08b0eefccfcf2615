import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { databaseUrl } from '../../src/db/index.ts';
import { rolesOf } from '../../src/model/index.ts';
import { flowschema } from '../support/cli.ts';
import { ROOT } from '../support/compile-dir.ts';
import { connect } from '../support/db.ts';

/** The corpus's own domain: its roles are changed here, and roles are cluster-wide. */
export const DOMAIN = 'driftcorpus';

/** The example onboarding flows under the domain `driftcorpus`, compiled into a temp project. */
export function corpusProject(): string {
  const project = mkdtempSync(join(tmpdir(), 'flowschema-drift-corpus-'));
  cpSync(join(ROOT, 'definitions', 'shared'), join(project, 'definitions', 'shared'), { recursive: true });
  cpSync(join(ROOT, 'definitions', 'onboarding'), join(project, 'definitions', DOMAIN), { recursive: true });
  for (const file of readdirSync(join(project, 'definitions', DOMAIN))) {
    const path = join(project, 'definitions', DOMAIN, file);
    // and an enum column with a default: rebuilding the enum must drop and restore it
    const text = readFileSync(path, 'utf8')
      .replace(/(name|domain): 'onboarding'/g, `$1: '${DOMAIN}'`)
      .replace("kind: { type: 'enum', values: ['passport', 'id-card', 'utility-bill', 'selfie'] }", "kind: { type: 'enum', values: ['passport', 'id-card', 'utility-bill', 'selfie'], default: 'passport' }");
    writeFileSync(path, text);
  }
  expect(readFileSync(join(project, 'definitions', DOMAIN, 'customer-onboarding.flow.ts'), 'utf8')).toContain("default: 'passport'");
  const compiled = flowschema(['compile'], project);
  expect(compiled.stderr).toBe('');
  expect(compiled.status).toBe(0);
  return project;
}

const SUPPLEMENT = `
SELECT 'trigger ' || tgrelid::regclass || ' for ' || coalesce((SELECT conname FROM pg_constraint WHERE oid = tgconstraint), tgname) || ' ' || tgfoid::regproc || ' ' || tgenabled::text FROM pg_trigger WHERE tgisinternal
UNION ALL SELECT 'index ' || indexrelid::regclass || ' valid ' || indisvalid || ' ready ' || indisready FROM pg_index WHERE indrelid::regclass::text !~ '^pg_'
UNION ALL SELECT 'history ' || schema_name || ' ' || migration_id || ' ' || sha256 FROM sys_schemas.migration_history
ORDER BY 1`;

/**
 * What pg_dump sees of the domain: pg_dump --schema-only --create (the
 * database's ACL, settings and every object), the domain roles' lines of
 * pg_dumpall --roles-only, and what neither prints but flowschema owns:
 * whether internal (foreign key) triggers are enabled (pg_dump 15 prints no
 * DISABLE TRIGGER for them), whether indexes are valid, and the migration
 * history. pg_dump 15.18's \\restrict lines differ on every run: dropped.
 */
export function oracle(server: string, database: string): string {
  const url = databaseUrl(server, database);
  const dump = execFileSync('pg_dump', ['--schema-only', '--create', '-d', url], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const roles = Object.values(rolesOf(DOMAIN));
  const mentions = (line: string) => roles.some((r) => line.includes(r));
  const dumpall = execFileSync('pg_dumpall', ['--roles-only', '--no-role-passwords', '-d', server], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const supplement = execFileSync('psql', ['-X', '-At', '-d', url, '-c', SUPPLEMENT], { encoding: 'utf8' });
  const lines = [...dump.split('\n'), ...dumpall.split('\n').filter(mentions), ...supplement.split('\n')];
  return lines.filter((l) => !/^\\(un)?restrict /.test(l)).join('\n');
}

/** The domain roles back as bootstrap makes them, whatever a case did to them. */
export async function resetRoles(server: string): Promise<void> {
  const roles = Object.values(rolesOf(DOMAIN));
  const client = await connect(server);
  try {
    for (const role of roles) {
      const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      if (exists.rowCount === 0) continue;
      await client.query(`ALTER ROLE ${role} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT LOGIN CONNECTION LIMIT -1`);
      await client.query(`ALTER ROLE ${role} RESET ALL`);
      for (const other of roles) if (other !== role) await client.query(`REVOKE ${other} FROM ${role}`);
    }
  } finally {
    await client.end();
  }
}

/** The lines of `b` not in `a` and of `a` not in `b`, for a readable failure. */
export function lineDiff(a: string, b: string): string {
  const left = new Set(a.split('\n'));
  const right = new Set(b.split('\n'));
  return [...[...left].filter((l) => !right.has(l)).map((l) => `- ${l}`), ...[...right].filter((l) => !left.has(l)).map((l) => `+ ${l}`)].join('\n');
}
