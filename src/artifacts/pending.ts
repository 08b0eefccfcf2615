import { renderMigration } from '../emit/index.ts';
import { changeLocks, describeChange, fileOrder, type ChangeLock } from '../plan/index.ts';
import type { ArtifactPlan } from './build.ts';
import { layout } from './layout.ts';

/** A migration `compile` would write now: what `flowschema plan` shows. */
export interface PendingMigration {
  readonly domain: string;
  readonly flow: string;
  readonly schema: string;
  readonly id: string;
  readonly file: string;
  readonly fromVersion: string | null;
  readonly toVersion: string;
  readonly changes: readonly { readonly kind: string; readonly description: string }[];
  /** the table locks its changes take on tables that may hold data, in order (plan/locks.ts) */
  readonly locks: readonly (ChangeLock & { readonly change: string })[];
  readonly sql: string;
}

export function pendingMigrations(plan: ArtifactPlan, flowKey?: string): PendingMigration[] {
  const out: PendingMigration[] = [];
  for (const { domain, flows } of plan.domains)
    for (const { flow, history, plan: p } of flows) {
      if (p.changes.length === 0 || (flowKey !== undefined && flow.key !== flowKey)) continue;
      const schema = flow.schema.schema;
      const id = layout.migrationId((history?.entry.migrations.length ?? 0) + 1, flow.version);
      out.push({
        domain: domain.name,
        flow: flow.key,
        schema,
        id,
        file: layout.migration(domain.name, schema, id),
        fromVersion: p.fromVersion,
        toVersion: flow.version,
        changes: p.changes.map((c) => ({ kind: c.kind, description: describeChange(c) })),
        locks: changeLocks(fileOrder(p.changes)).map(({ change, lock }) => ({ change: describeChange(change), ...lock })),
        sql: renderMigration({ id, flow: flow.key, domain: domain.name, schema, fromVersion: p.fromVersion, toVersion: flow.version, file: flow.file }, p.changes),
      });
    }
  return out;
}
