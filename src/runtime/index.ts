export { applyMigrationSql, MigrationFailedError } from './apply-sql.ts';
