import pg from 'pg';
import { passwordVariable, rolePassword, roleUrl, type PasswordSource, type RoleKind } from '../db/credentials.ts';
import { isNetworkError, ServerUnreachableError } from '../db/errors.ts';
import { databaseNameOf, driftDatabaseNameOf, rolesOf, type DomainRoles } from '../model/index.ts';
import { bootstrapDomain, bootstrapProblems, notBootstrapped } from './bootstrap.ts';
import { NotBootstrappedError } from './errors.ts';

/** How to reach one bootstrapped domain: a URL per role, each logging in as that role. */
export interface DomainAccess {
  readonly domain: string;
  readonly database: string;
  readonly driftDatabase: string;
  readonly roles: DomainRoles;
  /** the live database, logged in as `kind` (its password is looked up on first use) */
  url(kind: RoleKind): string;
  /** the drift check's scratch database, logged in as the init role */
  readonly driftUrl: string;
  /** what bootstrap did to get here (empty when the domain was ready) */
  readonly bootstrapped: readonly string[];
}

export interface OpenDomainOptions {
  /** The server: its host, port and options are used for every role; its credentials only to bootstrap. */
  readonly serverUrl: string;
  readonly domain: string;
  /** where each role's password comes from (environment variables, else the secrets folder) */
  readonly passwords: PasswordSource;
  /** the live database's name (default `<domain>_db`) */
  readonly database?: string;
  /** the scratch database's name (default `<domain>_drift`) */
  readonly driftDatabase?: string;
  /**
   * 'auto' (default): when something is missing, bootstrap it with the server
   * URL's credentials (they must be a superuser's); 'never': refuse, naming
   * it; 'report': when the init role can log in, go on (the drift check,
   * which reports such drift finding by finding).
   */
  readonly bootstrap?: 'auto' | 'never' | 'report';
  /** when a role exists with another password, set ours (only for a server flowschema owns: the embedded one) */
  readonly resetPasswords?: boolean;
}

/**
 * Makes sure a domain is bootstrapped (its roles, databases and grants: see
 * bootstrap.ts) and returns how to reach it. Checked by logging in as the init
 * role: when that works and nothing is missing, no administrator is needed at
 * all, which is how a domain a DBA bootstrapped with `bootstrap --sql` runs.
 */
export async function openDomain(options: OpenDomainOptions): Promise<DomainAccess> {
  const roles = rolesOf(options.domain);
  const database = options.database ?? databaseNameOf(options.domain);
  const driftDatabase = options.driftDatabase ?? driftDatabaseNameOf(options.domain);
  const password = (kind: RoleKind) => rolePassword(roles[kind], options.passwords);
  const access = (bootstrapped: readonly string[]): DomainAccess => ({
    domain: options.domain,
    database,
    driftDatabase,
    roles,
    url: (kind) => roleUrl(options.serverUrl, database, roles[kind], password(kind)),
    driftUrl: roleUrl(options.serverUrl, driftDatabase, roles.init, password('init')),
    bootstrapped,
  });
  const target = { domain: options.domain, database, driftDatabase };
  const check = () => checkAsInit(roleUrl(options.serverUrl, database, roles.init, password('init')), target);
  const first = await check();
  if (first.problems.length === 0) return access([]);
  // Reading as the init role works: what is off (a grant, a role's power) is for the drift check to report.
  if (options.bootstrap === 'report' && first.code === undefined) return access([]);
  if (options.bootstrap !== 'auto' && options.bootstrap !== undefined) throw notBootstrapped(options.domain, first.problems, '', first.code);
  const ran: string[] = [];
  const bootstrap = async (resetPasswords: boolean) => {
    const passwords = { init: password('init'), orchestration: password('orchestration'), execution: password('execution') };
    try {
      ran.push(...(await bootstrapDomain(options.serverUrl, { ...target, passwords, resetPasswords })).ran);
    } catch (error) {
      const user = decodeURIComponent(new URL(options.serverUrl).username) || "the server URL's user";
      throw notBootstrapped(options.domain, first.problems, `, and bootstrapping it as ${user} failed (${(error as Error).message ?? String(error)})`, first.code);
    }
  };
  await bootstrap(false);
  let after = await check();
  // PostgreSQL answers 28P01 both for a missing role and a wrong password: after bootstrap the role exists.
  if (after.code === '28P01' && options.resetPasswords) {
    await bootstrap(true);
    after = await check();
  }
  if (after.code === '28P01')
    throw new NotBootstrappedError(
      `role ${roles.init} exists but does not accept its password: set ${passwordVariable(roles.init)} to its password, or have an administrator set it (flowschema bootstrap --domain ${options.domain} --reset-passwords)`,
      after.problems,
      after.code,
    );
  if (after.problems.length) throw notBootstrapped(options.domain, after.problems, ' even after bootstrap');
  return access(ran);
}

/** Logs in as the init role and lists what is missing; a failed login is itself the problem. */
async function checkAsInit(url: string, target: { domain: string; database: string; driftDatabase: string }): Promise<{ problems: string[]; code?: string }> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (isNetworkError(error)) {
      const at = new URL(url);
      throw new ServerUnreachableError(`cannot reach PostgreSQL at ${at.hostname}:${at.port || '5432'} (${e.message ?? String(error)}): is it running, and is DATABASE_URL right?`, { cause: error });
    }
    return { problems: [`${rolesOf(target.domain).init} cannot log in to ${target.database}: ${e.message ?? String(error)}`], ...(e.code !== undefined && { code: e.code }) };
  }
  try {
    return { problems: await bootstrapProblems(client, target) };
  } finally {
    await client.end();
  }
}
