import { renderMigration } from '../emit/index.ts';
import { diagnostic, type Diagnostic, type DomainModel, type FlowModel, type ProjectModel } from '../model/index.ts';
import { planFlow, type FlowPlan } from '../plan/index.ts';
import { sha256 } from './checksum.ts';
import { clientFiles, parseSnapshot, type FlowHistory, type History } from './history.ts';
import { stableJson } from './json.ts';
import { layout } from './layout.ts';
import { MANIFEST_FORMAT, type Manifest, type ManifestMigration, type ManifestSchema } from './manifest.ts';
import { renderSnapshot } from './snapshot.ts';
import { generatesMasterSchema, masterSchemaKey, sameVersionFlowComponent, renderComponent, renderFlowComponent, renderMasterSchema, renderVnextConfig } from './components.ts';
import { clientToJavaScript, renderClient, type ClientLanguage } from '../codegen/index.ts';
import { renderDataSchema } from './data-schema.ts';

/** Path (relative to generated/) -> contents. */
export type FileMap = Map<string, string>;

export interface PlannedFlow {
  readonly flow: FlowModel;
  readonly history: FlowHistory | undefined;
  readonly plan: FlowPlan;
  /** unchanged since the last compile: its files pass through as they are */
  readonly reused: boolean;
}

export interface ArtifactPlan {
  readonly domains: readonly { readonly domain: DomainModel; readonly flows: readonly PlannedFlow[] }[];
  readonly diagnostics: readonly Diagnostic[];
}

/** What a flow's files were when a compile produced them: lets the next compile reuse them. */
export interface FlowOutput {
  readonly entry: ManifestSchema;
  readonly snapshotSha: string;
  readonly clientSha: string;
  readonly dataSchemaSha: string;
  readonly componentSha: string;
}

const EMPTY_HISTORY: History = { outLabel: 'generated', flows: new Map(), diagnostics: [] };

/**
 * Every flow against its history: which migration (if any) this version
 * adds. All refusals are known here, before any file is produced.
 * `unchanged(flow, history)` may say a flow is exactly as the last compile
 * left it (see compile-cache.ts): such a flow is neither diffed nor rendered.
 */
export function planArtifacts(model: ProjectModel, history: History = EMPTY_HISTORY, unchanged: (flow: FlowModel, history: FlowHistory) => boolean = () => false): ArtifactPlan {
  const diagnostics: Diagnostic[] = [...history.diagnostics];
  const domains = model.domains.map((domain) => ({
    domain,
    flows: domain.flows.map((flow): PlannedFlow => {
      const past = history.flows.get(`${domain.name}/${flow.schema.schema}`);
      if (past && unchanged(flow, past)) return { flow, history: past, plan: { changes: [], fromVersion: past.entry.version, diagnostics: [] }, reused: true };
      const snapshot = past && parseSnapshot(past);
      if (past && !snapshot) {
        diagnostics.push(diagnostic('FS2007', { file: `${history.outLabel}/${past.snapshotPath}`, line: 1, column: 1 }, 'this snapshot is not valid JSON of the expected shape', 'restore it from version control (git checkout), then compile again'));
        return { flow, history: past, plan: { changes: [], fromVersion: null, diagnostics: [] }, reused: false };
      }
      const previous = snapshot && { version: snapshot.version, schema: snapshot.schema, dataFields: snapshot.dataFields };
      const plan = planFlow(flow, previous);
      diagnostics.push(...plan.diagnostics);
      return { flow, history: past, plan, reused: false };
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
 * `outputs` receives each flow's manifest entry and snapshot checksum.
 */
export function* generateArtifacts(plan: ArtifactPlan, outputs?: Map<string, FlowOutput>, client: ClientLanguage = 'ts'): Generator<[string, string]> {
  for (const { domain, flows } of plan.domains) {
    const schemas: ManifestSchema[] = [];
    for (const planned of flows) {
      const files: FileMap = new Map();
      const { entry, clientText } = flowArtifacts(domain.name, planned, files, client);
      schemas.push(entry);
      // An unchanged flow's client, data schema and component are what the last compile wrote: not rendered again.
      const before = planned.history?.entry.version === planned.flow.version ? planned.history.component : undefined;
      const component = (planned.reused && planned.history!.component) || (before !== undefined && sameVersionFlowComponent(planned.flow, before)) || renderFlowComponent(planned.flow);
      files.set(layout.component(domain.name, 'flows', planned.flow.key), component);
      const dataSchema = files.get(layout.dataSchema(domain.name, entry.schema))!;
      if (generatesMasterSchema(planned.flow)) files.set(layout.component(domain.name, 'schemas', masterSchemaKey(planned.flow.key)), renderMasterSchema(planned.flow, dataSchema));
      outputs?.set(planned.flow.file, { entry, snapshotSha: entry.snapshot.sha256, clientSha: sha256(clientText), dataSchemaSha: sha256(dataSchema), componentSha: sha256(component) });
      yield* files;
    }
    for (const c of domain.components) yield [layout.component(domain.name, c.kind, c.key), renderComponent(c)];
    const exported: Record<string, string[]> = { workflows: flows.map((f) => f.flow.key), schemas: flows.filter((f) => generatesMasterSchema(f.flow)).map((f) => masterSchemaKey(f.flow.key)) };
    for (const c of domain.components) (exported[c.kind] ??= []).push(c.key);
    yield [layout.vnextConfig(domain.name), renderVnextConfig(domain.name, exported)];
    const manifest: Manifest = { format: MANIFEST_FORMAT, generatedBy: 'flowschema', domain: domain.name, database: domain.database, schemas };
    yield [layout.manifest(domain.name), stableJson(manifest)];
  }
}

function flowArtifacts(domain: string, { flow, history, plan, reused }: PlannedFlow, files: FileMap, client: ClientLanguage): { entry: ManifestSchema; clientText: string } {
  const schema = flow.schema.schema;
  const relative = (path: string) => path.slice(domain.length + 1);
  const migrations: ManifestMigration[] = [];
  for (const m of history?.entry.migrations ?? []) {
    files.set(`${domain}/${m.file}`, history!.migrations.get(m.id)!);
    migrations.push(m);
  }
  const clientText = (reused && history!.client) || renderClientText(flow, client);
  for (const [path, text] of clientFiles(clientText, domain, schema, client)) files.set(path, text);
  files.set(layout.dataSchema(domain, schema), (reused && history!.dataSchema) || renderDataSchema(flow));
  if (reused) {
    files.set(`${domain}/${history!.entry.snapshot.file}`, history!.snapshotText);
    return { entry: history!.entry, clientText };
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
  const entry: ManifestSchema = {
    schema,
    kind: 'flow',
    flow: flow.key,
    version: flow.version,
    initialState: flow.states.find((s) => s.type === 'initial')!.key,
    source: flow.file,
    snapshot: { file: relative(snapshotPath), sha256: sha256(snapshot) },
    migrations,
  };
  return { entry, clientText };
}

/** The client as clientText holds it: TypeScript, or JavaScript and its declarations. */
function renderClientText(flow: FlowModel, client: ClientLanguage): string {
  const source = renderClient(flow);
  if (client === 'ts') return source;
  const { js, dts } = clientToJavaScript(source, `${flow.schema.schema}/client.ts`);
  return `${js}\0${dts}`;
}
