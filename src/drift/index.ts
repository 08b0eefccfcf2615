export { readLiveSchema, type LiveColumn, type LiveConstraint, type LiveIndex, type LiveSchema, type LiveTable } from './catalog.ts';
export { checkDrift, type DriftFinding, type DriftOptions, type DriftReport } from './check.ts';
export { compareSchemas, fingerprint, type Finding } from './compare.ts';
export { readSchemaExtras, type SchemaExtras } from './extras.ts';
