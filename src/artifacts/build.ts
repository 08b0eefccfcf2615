import { renderMigration } from '../emit/index.ts';
import type { Diagnostic, DomainModel, FlowModel, ProjectModel } from '../model/index.ts';
import { planFlow, type FlowPlan } from '../plan/index.ts';
import { sha256 } from './checksum.ts';
import type { FlowHistory, History } from './history.ts';
import { stableJson } from './json.ts';
import { layout } from './layout.ts';
import { MANIFEST_FORMAT, type Manifest, type ManifestMigration, type ManifestSchema } from './manifest.ts';
import { renderSnapshot } from './snapshot.ts';

/** Path (relative to generated/) -> contents. */
export type FileMap = Map<string, string>;

export interface PlannedFlow {
  readonly flow: FlowModel;
  readonly history: FlowHistory | undefined;
  readonly plan: FlowPlan;
}

export interface ArtifactPlan {
  readonly domains: readonly { readonly domain: DomainModel; readonly flows: readonly PlannedFlow[] }[];
  readonly diagnostics: readonly Diagnostic[];
}

const EMPTY_HISTORY: History = { flows: new Map(), diagnostics: [] };

/**
 * Every flow against its history: which migration (if any) this version
 * adds. All refusals are known here, before any file is produced.
 */
export function planArtifacts(model: ProjectModel, history: History = EMPTY_HISTORY): ArtifactPlan {
  const diagnostics: Diagnostic[] = [...history.diagnostics];
  const domains = model.domains.map((domain) => ({
    domain,
    flows: domain.flows.map((flow) => {
      const past = history.flows.get(`${domain.name}/${flow.schema.schema}`);
      const previous = past && { version: past.snapshot.version, schema: past.snapshot.schema, dataFields: past.snapshot.dataFields };
      const plan = planFlow(flow, previous);
      diagnostics.push(...plan.diagnostics);
      return { flow, history: past, plan };
    }),
  }));
  return { domains, diagnostics };
}

/** The whole generated/ tree. Pure: the CLI writes it. */
export function buildArtifacts(model: ProjectModel, history?: History): FileMap {
  return new Map(generateArtifacts(planArtifacts(model, history)));
}

/**
 * The files, one at a time (a flow's files, then after a domain's flows its
 * manifest), so a caller can write each and let it go: memory stays flat
 * however many flows there are. Earlier migrations pass through verbatim.
 */
export function* generateArtifacts(plan: ArtifactPlan): Generator<[string, string]> {
  for (const { domain, flows } of plan.domains) {
    const schemas: ManifestSchema[] = [];
    for (const planned of flows) {
      const files: FileMap = new Map();
      schemas.push(flowArtifacts(domain.name, planned, files));
      yield* files;
    }
    const manifest: Manifest = { format: MANIFEST_FORMAT, generatedBy: 'flowschema', domain: domain.name, database: domain.database, schemas };
    yield [layout.manifest(domain.name), stableJson(manifest)];
  }
}

function flowArtifacts(domain: string, { flow, history, plan }: PlannedFlow, files: FileMap): ManifestSchema {
  const schema = flow.schema.schema;
  const relative = (path: string) => path.slice(domain.length + 1);
  const migrations: ManifestMigration[] = [];
  for (const m of history?.entry.migrations ?? []) {
    files.set(`${domain}/${m.file}`, history!.migrations.get(m.id)!);
    migrations.push(m);
  }
  if (plan.changes.length > 0) {
    const id = layout.migrationId(migrations.length + 1, flow.version);
    const path = layout.migration(domain, schema, id);
    const sql = renderMigration({ id, flow: flow.key, domain, schema, fromVersion: plan.fromVersion, toVersion: flow.version, file: flow.file }, plan.changes);
    files.set(path, sql);
    migrations.push({ id, file: relative(path), fromVersion: plan.fromVersion, toVersion: flow.version, sha256: sha256(sql) });
  }
  const snapshotPath = layout.snapshot(domain, schema);
  const snapshot = renderSnapshot(flow);
  files.set(snapshotPath, snapshot);
  return {
    schema,
    kind: 'flow',
    flow: flow.key,
    version: flow.version,
    source: flow.file,
    snapshot: { file: relative(snapshotPath), sha256: sha256(snapshot) },
    migrations,
  };
}
