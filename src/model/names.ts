/** camelCase, PascalCase and kebab-case to snake_case: `instanceId` -> `instance_id`, `HTTPCode` -> `http_code`. */
export function snakeCase(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
}

/** The schema of a flow: `customer-onboarding` -> `customer_onboarding`. */
export function schemaNameOf(flowKey: string): string {
  return flowKey.replace(/-/g, '_');
}

export function databaseNameOf(domain: string): string {
  return `${domain.replace(/-/g, '_')}_db`;
}

/** The database the drift check builds expected schemas in (created with the domain's, never the live one). */
export function driftDatabaseNameOf(domain: string): string {
  return `${domain.replace(/-/g, '_')}_drift`;
}

export interface DomainRoles {
  /** owns the schemas and runs DDL: migrations run logged in as this role */
  readonly init: string;
  /** reads the system schemas, reads and writes flow schemas */
  readonly orchestration: string;
  /** reads flow schemas only */
  readonly execution: string;
}

export function rolesOf(domain: string): DomainRoles {
  const base = domain.replace(/-/g, '_');
  return { init: `${base}_init`, orchestration: `${base}_orchestration`, execution: `${base}_execution` };
}

/**
 * Every cluster-level name a domain gives (its databases and roles), each of
 * which PostgreSQL would silently truncate past 63 bytes: two truncated role
 * names could become one role, and the read-only role would own the schemas.
 */
export function derivedNamesOf(domain: string): { readonly what: string; readonly name: string }[] {
  const roles = rolesOf(domain);
  return [
    { what: 'database', name: databaseNameOf(domain) },
    { what: 'drift database', name: driftDatabaseNameOf(domain) },
    { what: 'init role', name: roles.init },
    { what: 'orchestration role', name: roles.orchestration },
    { what: 'execution role', name: roles.execution },
  ];
}

/** PostgreSQL truncates identifiers longer than NAMEDATALEN - 1 bytes. */
export const MAX_IDENTIFIER_BYTES = 63;

export function identifierBytes(name: string): number {
  return Buffer.byteLength(name, 'utf8');
}

export const STANDARD_TABLES = ['instances', 'instance_data', 'instance_transitions'] as const;

export const RESERVED_SCHEMAS = ['public', 'information_schema'];
export const SYSTEM_SCHEMA_PREFIX = 'sys_';
