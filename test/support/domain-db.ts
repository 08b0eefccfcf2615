import { randomBytes } from 'node:crypto';
import { bootstrapDomain } from '../../src/runtime/index.ts';
import { databaseUrl, dropDatabase, passwordVariable, roleUrl, type RoleKind, type RolePasswords } from '../../src/db/index.ts';
import { rolesOf } from '../../src/model/index.ts';

/**
 * A role's password in the tests: its own (one role's never opens another),
 * and the same in every test file, because roles are cluster-wide and test
 * files bootstrap the same example domains in parallel.
 */
export function testPassword(role: string): string {
  return `flowschema-test-${role}`;
}

export function testPasswords(domain: string): RolePasswords {
  const roles = rolesOf(domain);
  return { init: testPassword(roles.init), orchestration: testPassword(roles.orchestration), execution: testPassword(roles.execution) };
}

/** FLOWSCHEMA_PASSWORD_<ROLE> for every role of these domains: what the CLI reads. */
export function passwordEnv(domains: readonly string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(domains.flatMap((d) => Object.values(rolesOf(d)).map((role: string) => [passwordVariable(role), testPassword(role)])));
}

export interface TestDomainDatabase {
  /** the live database */
  readonly name: string;
  /** the drift check's scratch database */
  readonly driftName: string;
  /** the live database as the test server's superuser: for setting up and inspecting only */
  readonly adminUrl: string;
  /** the live database as the domain's init role: what the runtime connects with */
  readonly initUrl: string;
  /** the live database as one of the domain's roles */
  url(kind: RoleKind): string;
  /** the scratch database as the init role: what drift builds in */
  readonly driftUrl: string;
  drop(): Promise<void>;
}

/**
 * A fresh, bootstrapped domain database (and its drift database) for one test
 * file or case, as an administrator would have prepared it: the domain's
 * roles, grants and fences. Names are random so parallel files never share one.
 */
export async function bootstrappedDatabase(label: string, domain: string): Promise<TestDomainDatabase> {
  const { serverUrl } = await import('./db.ts');
  const name = `t_${label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 36)}_${randomBytes(4).toString('hex')}`;
  return bootstrapDatabases(serverUrl(), name, domain);
}

/** `name` and `<name>_drift` on `server`, (re)created and bootstrapped for `domain` (the benchmarks use it outside vitest). */
export async function bootstrapDatabases(server: string, name: string, domain: string): Promise<TestDomainDatabase> {
  const driftName = `${name}_drift`;
  const passwords = testPasswords(domain);
  await bootstrapDomain(server, { domain, database: name, driftDatabase: driftName, passwords });
  const roles = rolesOf(domain);
  const url = (kind: RoleKind) => roleUrl(server, name, roles[kind], passwords[kind]);
  return {
    name,
    driftName,
    adminUrl: databaseUrl(server, name),
    initUrl: url('init'),
    url,
    driftUrl: roleUrl(server, driftName, roles.init, passwords.init),
    drop: async () => {
      await dropDatabase(server, name);
      await dropDatabase(server, driftName);
    },
  };
}
