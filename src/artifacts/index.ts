export { buildArtifacts, generateArtifacts, type FileMap } from './build.ts';
export { sha256 } from './checksum.ts';
export { layout } from './layout.ts';
export type { Manifest, ManifestMigration, ManifestSchema } from './manifest.ts';
export { snapshotOf, type Snapshot } from './snapshot.ts';
export { stableJson } from './json.ts';
