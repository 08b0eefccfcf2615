export { assembleModel, buildModel, readUnit, type BuildResult, type DomainDraft, type ModelUnit } from './build.ts';
export * from './diagnostic.ts';
export type * from './types.ts';
export { snakeCase, schemaNameOf, databaseNameOf } from './names.ts';
export { quoteIdent, quoteLiteral, qualified } from './quote.ts';
export { compareSemver, isSemver } from './semver.ts';
