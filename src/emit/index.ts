export { renderMigration, type MigrationHeader } from './migration.ts';
export { changeSql, columnDefinitionSql } from './statements.ts';
export { columnTypeSql } from './types.ts';
export { valueSql, columnValueSql } from './values.ts';
export { expectedStatements, GeneratedSqlError, verifyMigration } from './statement-kinds.ts';
