import { layout, type ArtifactPlan, type Manifest } from '../artifacts/index.ts';
import { renderMigration } from '../emit/index.ts';
import type { FlowModel, ProjectModel } from '../model/index.ts';
import { createSchemaChanges, type Change } from '../plan/index.ts';

/** One migration to apply: a file of the chain, or the fresh build of the latest version. */
export interface VerifyMigration {
  /** `0002_1.1.0` */
  readonly id: string;
  /** its path relative to generated/ (for a fresh build: where a first migration of this version would be) */
  readonly file: string;
  readonly sql: string;
  readonly toVersion: string;
  /**
   * The changes it renders, in order (one or more statements each:
   * expectedStatements): known for the migration this compile adds and for a
   * fresh build; undefined for a file of the history.
   */
  readonly changes?: readonly Change[];
}

/** What verifying one flow applies: its whole chain, and a fresh build of its latest version to compare with. */
export interface FlowChain {
  readonly domain: string;
  readonly flow: FlowModel;
  readonly schema: string;
  readonly chain: readonly VerifyMigration[];
  readonly fresh: VerifyMigration;
  /** the chain is one migration whose statements are the fresh build's: building it is the whole check */
  readonly trivial: boolean;
}

/**
 * Every flow's chain in the generated/ tree `files` (what compile would
 * write now: the history plus this compile's new migration), each with the
 * fresh build of its latest version: the first migration compile would write
 * for it from nothing.
 */
export function flowChains(files: ReadonlyMap<string, string>, model: ProjectModel, plan?: ArtifactPlan): FlowChain[] {
  const added = new Map<string, readonly Change[]>();
  for (const d of plan?.domains ?? [])
    for (const planned of d.flows) if (!planned.reused && planned.plan.changes.length > 0) added.set(`${d.domain.name}/${planned.flow.key}`, planned.plan.changes);
  const out: FlowChain[] = [];
  for (const domain of model.domains) {
    const manifestText = files.get(layout.manifest(domain.name));
    if (manifestText === undefined) throw new Error(`flowschema: internal error: no ${layout.manifest(domain.name)} to verify`);
    const manifest = JSON.parse(manifestText) as Manifest;
    for (const flow of domain.flows) {
      const entry = manifest.schemas.find((s) => s.flow === flow.key);
      if (!entry) throw new Error(`flowschema: internal error: ${layout.manifest(domain.name)} does not list flow ${flow.key}`);
      const schema = entry.schema;
      const newChanges = added.get(`${domain.name}/${flow.key}`);
      const chain = entry.migrations.map((m, i): VerifyMigration => {
        const file = `${domain.name}/${m.file}`;
        const sql = files.get(file);
        if (sql === undefined) throw new Error(`flowschema: internal error: ${file} is listed but not produced`);
        const last = i === entry.migrations.length - 1;
        return { id: m.id, file, sql, toVersion: m.toVersion, ...(last && newChanges && { changes: newChanges }) };
      });
      const freshChanges = createSchemaChanges(flow.schema);
      const id = layout.migrationId(1, flow.version);
      const freshSql = renderMigration({ id, flow: flow.key, domain: domain.name, schema, fromVersion: null, toVersion: flow.version, file: flow.file }, freshChanges);
      const fresh: VerifyMigration = { id, file: layout.migration(domain.name, schema, id), sql: freshSql, toVersion: flow.version, changes: freshChanges };
      const trivial = chain.length === 1 && bodyOf(chain[0]!.sql) === bodyOf(freshSql);
      out.push({ domain: domain.name, flow, schema, chain, fresh, trivial });
    }
  }
  return out;
}

/** A migration without its header comment (which names the definition file): from the first blank line on. */
const bodyOf = (sql: string): string => sql.slice(Math.max(0, sql.indexOf('\n\n')));
