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

/** PostgreSQL truncates identifiers longer than NAMEDATALEN - 1 bytes. */
export const MAX_IDENTIFIER_BYTES = 63;

export function identifierBytes(name: string): number {
  return Buffer.byteLength(name, 'utf8');
}

export const STANDARD_TABLES = ['instances', 'instance_data', 'instance_transitions'] as const;

export const RESERVED_SCHEMAS = ['public', 'information_schema'];
export const SYSTEM_SCHEMA_PREFIX = 'sys_';
