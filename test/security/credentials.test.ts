import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { passwordVariable, rolePasswords } from '../../src/db/index.ts';
import { rolesOf } from '../../src/model/index.ts';
import { flowschema } from '../support/cli.ts';
import { ROOT } from '../support/compile-dir.ts';
import { connect } from '../support/db.ts';
import { bootstrappedDatabase, testPasswords } from '../support/domain-db.ts';

describe('credentials: a password of its own for every role', () => {
  it('each example domain has three distinct roles, each with its own generated password, kept 0600 in a 0700 folder', () => {
    const secrets = join(mkdtempSync(join(tmpdir(), 'flowschema-secrets-')), '.flowschema', 'secrets');
    try {
      const all: string[] = [];
      for (const domain of readdirSync(join(ROOT, 'generated')).sort()) {
        const roles = rolesOf(domain);
        expect(new Set(Object.values(roles)).size).toBe(3);
        const passwords = rolePasswords(roles, { env: {}, secretsDir: secrets });
        all.push(...Object.values(passwords));
        // the same on a second read: generated once, then kept
        expect(rolePasswords(roles, { env: {}, secretsDir: secrets })).toEqual(passwords);
        for (const role of Object.values(roles)) expect(statSync(join(secrets, role)).mode & 0o777).toBe(0o600);
      }
      expect(new Set(all).size).toBe(all.length);
      expect(statSync(secrets).mode & 0o777).toBe(0o700);
      // an environment variable wins over the kept secret; without either and without a folder, an error says which variable
      expect(rolePasswords(rolesOf('idm'), { env: { [passwordVariable('idm_init')]: 'from-env' }, secretsDir: secrets }).init).toBe('from-env');
      expect(() => rolePasswords(rolesOf('idm'), { env: {} })).toThrow('no password for role idm_init: set FLOWSCHEMA_PASSWORD_IDM_INIT');
    } finally {
      rmSync(join(secrets, '..', '..'), { recursive: true, force: true });
    }
  });

  it("a role's password opens that role only", async () => {
    const db = await bootstrappedDatabase('passwords', 'idm');
    try {
      const passwords = testPasswords('idm');
      const as = (role: string, password: string) => {
        const url = new URL(db.adminUrl);
        url.username = role;
        url.password = password;
        return new pg.Client({ connectionString: url.toString() });
      };
      await expect(as('idm_init', passwords.execution).connect()).rejects.toMatchObject({ code: '28P01' });
      await expect(as('idm_init', passwords.orchestration).connect()).rejects.toMatchObject({ code: '28P01' });
      const ok = as('idm_init', passwords.init);
      await ok.connect();
      await ok.end();
    } finally {
      await db.drop();
    }
  });
});
