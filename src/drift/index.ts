export { readLiveSchema, readLiveSchemas, type LiveColumn, type LiveConstraint, type LiveIndex, type LiveSchema, type LiveTable } from './catalog.ts';
export { DRIFT_CACHE_VERSION } from './cache-version.ts';
export { checkDrift, type DriftFinding, type DriftOptions, type DriftReport } from './check.ts';
export { compareSchemas, fingerprint, type Finding, type SchemaState } from './compare.ts';
export { readSchemasExtras, type SchemaExtras } from './extras.ts';
export { readSchemaStates } from './state.ts';
export type { ScratchSource } from './scratch.ts';
