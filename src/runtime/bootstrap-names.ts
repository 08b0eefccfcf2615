import type { RolePasswords } from '../db/credentials.ts';
import { databaseNameOf, driftDatabaseNameOf, rolesOf, type DomainRoles } from '../model/index.ts';

/**
 * A domain's bootstrap: who it is for, the names it derives, and how its
 * roles and databases are marked as the domain's.
 */
export interface BootstrapTarget {
  readonly domain: string;
  /** the live database (default `<domain>_db`) */
  readonly database?: string;
  /** the drift check's scratch database (default `<domain>_drift`) */
  readonly driftDatabase?: string;
  readonly passwords: RolePasswords;
  /** set the passwords of roles that already exist too (default: only new roles get one) */
  readonly resetPasswords?: boolean;
}

/** No role of a domain may do more than log in. */
export const ROLE_ATTRIBUTES = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT';
export const ROLE_OVERREACH = 'rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls OR rolinherit OR NOT rolcanlogin';

/**
 * The comment bootstrap puts on every role and database it creates or adopts:
 * it never takes over a role or database that merely has the same name as a
 * domain's (see `foreignObjects`).
 */
export function tagOf(domain: string): string {
  return `flowschema domain ${domain}`;
}

export function bootstrapNames(target: Omit<BootstrapTarget, 'passwords'>): { roles: DomainRoles; database: string; driftDatabase: string } {
  return { roles: rolesOf(target.domain), database: target.database ?? databaseNameOf(target.domain), driftDatabase: target.driftDatabase ?? driftDatabaseNameOf(target.domain) };
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

