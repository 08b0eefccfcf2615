export { applyMigrationSql } from './apply-sql.ts';
export { readDomainArtifacts, type DomainArtifacts, type MigrationFile } from './artifacts.ts';
export * from './errors.ts';
export { createRuntime, RUNTIME_VERSION, type Runtime, type RuntimeOptions, type SchemaStatus } from './runtime.ts';
export { rolesOf, type DomainRoles } from './roles.ts';
export { COMPONENT_SCHEMAS, type DeployResult } from './deploy.ts';
export { startInstance, type StartedInstance } from './start-instance.ts';
export { SYSTEM_MIGRATIONS, SYSTEM_SCHEMAS } from './system-migrations.ts';
