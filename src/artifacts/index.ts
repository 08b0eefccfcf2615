export { buildArtifacts, generateArtifacts, planArtifacts, type ArtifactPlan, type FileMap, type FlowOutput, type PlannedFlow } from './build.ts';
export { sha256 } from './checksum.ts';
export { parseSnapshot, readHistory, type FlowHistory, type History } from './history.ts';
export { layout } from './layout.ts';
export type { Manifest, ManifestMigration, ManifestSchema } from './manifest.ts';
export { snapshotOf, type Snapshot } from './snapshot.ts';
export { stableJson } from './json.ts';
export { pendingMigrations, type PendingMigration } from './pending.ts';
export { DATA_SCHEMA_DRAFT, dataSchemaOf, dataSchemaProblem, exampleDocument, renderDataSchema, validateData, violationsText, type DataFormat, type DataSchema, type DataSchemaNode, type DataViolation } from './data-schema.ts';
