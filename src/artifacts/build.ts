import { renderMigration } from '../emit/index.ts';
import type { FlowModel, ProjectModel } from '../model/index.ts';
import { createSchemaChanges } from '../plan/index.ts';
import { sha256 } from './checksum.ts';
import { stableJson } from './json.ts';
import { layout } from './layout.ts';
import { MANIFEST_FORMAT, type Manifest, type ManifestSchema } from './manifest.ts';
import { renderSnapshot } from './snapshot.ts';

/** Path (relative to generated/) -> contents. */
export type FileMap = Map<string, string>;

/** The whole generated/ tree the model produces. Pure: the CLI writes it. */
export function buildArtifacts(model: ProjectModel): FileMap {
  return new Map(generateArtifacts(model));
}

/**
 * The same files, produced one at a time (a flow's files, then after a
 * domain's flows its manifest), so a caller can write each and let it go:
 * memory stays flat however many flows there are.
 */
export function* generateArtifacts(model: ProjectModel): Generator<[string, string]> {
  for (const domain of model.domains) {
    const schemas: ManifestSchema[] = [];
    for (const flow of domain.flows) {
      const files: FileMap = new Map();
      schemas.push(flowArtifacts(domain.name, flow, files));
      yield* files;
    }
    const manifest: Manifest = { format: MANIFEST_FORMAT, generatedBy: 'flowschema', domain: domain.name, database: domain.database, schemas };
    yield [layout.manifest(domain.name), stableJson(manifest)];
  }
}

function flowArtifacts(domain: string, flow: FlowModel, files: FileMap): ManifestSchema {
  const schema = flow.schema.schema;
  const id = layout.migrationId(1, flow.version);
  const migrationPath = layout.migration(domain, schema, id);
  const sql = renderMigration(
    { id, flow: flow.key, domain, schema, fromVersion: null, toVersion: flow.version, file: flow.file },
    createSchemaChanges(flow.schema),
  );
  files.set(migrationPath, sql);
  const snapshotPath = layout.snapshot(domain, schema);
  const snapshot = renderSnapshot(flow);
  files.set(snapshotPath, snapshot);
  const relative = (path: string) => path.slice(domain.length + 1);
  return {
    schema,
    kind: 'flow',
    flow: flow.key,
    version: flow.version,
    source: flow.file,
    snapshot: { file: relative(snapshotPath), sha256: sha256(snapshot) },
    migrations: [{ id, file: relative(migrationPath), fromVersion: null, toVersion: flow.version, sha256: sha256(sql) }],
  };
}
