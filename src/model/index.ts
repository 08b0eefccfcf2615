export { assembleModel, buildModel, domainNameProblem, readUnit, type BuildResult, type DomainDraft, type DomainNameProblem, type ModelUnit } from './build.ts';
export * from './diagnostic.ts';
export type * from './types.ts';
export { snakeCase, schemaNameOf, databaseNameOf, driftDatabaseNameOf, rolesOf, derivedNamesOf, type DomainRoles } from './names.ts';
export { quoteIdent, quoteLiteral, qualified } from './quote.ts';
export { compareSemver, isSemver } from './semver.ts';
export { authorSqlProblem, CLUSTER_STATEMENTS } from './author-sql.ts';
export { checkSqlExpression, errorPositionIndex, functionsCalled, loadSqlGrammar, parseSql, scanSql, sqlGrammarLoaded, statementAt, statementKinds, statementsContaining, type ExpressionContext, type ParseOutcome } from './sql-grammar.ts';
export { concurrentIndexOf, dropBuiltIndexSql, migrationSteps, readMigrationSteps, MigrationStepsError, stepMarker, STEP_MARKER_PREFIX, withoutConcurrently, type MigrationStep, type StepMode } from './migration-steps.ts';
