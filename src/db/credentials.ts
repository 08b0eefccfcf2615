import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DomainRoles } from '../model/index.ts';

/** Each of a domain's roles logs in with a password of its own: one role's secret never opens another. */
export interface RolePasswords {
  readonly init: string;
  readonly orchestration: string;
  readonly execution: string;
}

export type RoleKind = keyof RolePasswords;

export const ROLE_KINDS: readonly RoleKind[] = ['init', 'orchestration', 'execution'];

/** The environment variable holding a role's password: `FLOWSCHEMA_PASSWORD_ONBOARDING_INIT`. */
export function passwordVariable(role: string): string {
  return `FLOWSCHEMA_PASSWORD_${role.toUpperCase()}`;
}

export interface PasswordSource {
  readonly env?: NodeJS.ProcessEnv;
  /**
   * A folder (`.flowschema/secrets`) where a role's password is generated on
   * first use and kept (folder 0700, file 0600) when the environment has none.
   * Without it, a missing variable is an error.
   */
  readonly secretsDir?: string;
}

/** The password a role logs in with: from its environment variable, else from (or generated into) the secrets folder. */
export function rolePassword(role: string, source: PasswordSource): string {
  const existing = existingRolePassword(role, source);
  if (existing !== undefined) return existing;
  if (source.secretsDir === undefined) throw new Error(`no password for role ${role}: set ${passwordVariable(role)}`);
  const file = join(source.secretsDir, role);
  mkdirSync(source.secretsDir, { recursive: true, mode: 0o700 });
  chmodSync(source.secretsDir, 0o700);
  const password = randomBytes(24).toString('base64url');
  // Written whole, readable by its owner only, and created only if absent (link fails when another
  // process got there first: then its password is the one every process uses).
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, `${password}\n`, { mode: 0o600 });
  try {
    linkSync(tmp, file);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
  } finally {
    rmSync(tmp, { force: true });
  }
  return readFileSync(file, 'utf8').trim();
}

/** A role's password from its environment variable or the secrets folder, never generated: undefined when neither has one. */
export function existingRolePassword(role: string, source: PasswordSource): string | undefined {
  const fromEnv = (source.env ?? process.env)[passwordVariable(role)];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (source.secretsDir === undefined) return undefined;
  try {
    const kept = readFileSync(join(source.secretsDir, role), 'utf8').trim();
    return kept === '' ? undefined : kept;
  } catch {
    return undefined; // not generated yet
  }
}

export function rolePasswords(roles: DomainRoles, source: PasswordSource): RolePasswords {
  return { init: rolePassword(roles.init, source), orchestration: rolePassword(roles.orchestration, source), execution: rolePassword(roles.execution, source) };
}

/** A URL that logs in to `database` on the server of `serverUrl` as `role`: host, port and options kept, credentials replaced. */
export function roleUrl(serverUrl: string, database: string, role: string, password: string): string {
  const url = new URL(serverUrl);
  url.username = encodeURIComponent(role);
  url.password = encodeURIComponent(password);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}
