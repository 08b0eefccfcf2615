import { renderMigration } from '../emit/index.ts';
import { changeLocks, describeChange, onlineSteps, type ChangeLock } from '../plan/index.ts';
import type { StepMode } from '../model/index.ts';
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
  /** the table locks its changes take on tables that may hold data, in the order the file runs them (plan/locks.ts) */
  readonly locks: readonly (ChangeLock & { readonly change: string; readonly step: number })[];
  /** the migration's steps (one `transaction` step when no table that may hold data needs an online form) */
  readonly steps: readonly { readonly number: number; readonly mode: StepMode; readonly changes: readonly string[] }[];
  readonly sql: string;
}

export function pendingMigrations(plan: ArtifactPlan, flowKey?: string): PendingMigration[] {
  const out: PendingMigration[] = [];
  for (const { domain, flows } of plan.domains)
    for (const { flow, history, plan: p } of flows) {
      if (p.changes.length === 0 || (flowKey !== undefined && flow.key !== flowKey)) continue;
      const schema = flow.schema.schema;
      const id = layout.migrationId((history?.entry.migrations.length ?? 0) + 1, flow.version);
      const steps = onlineSteps(p.changes);
      const stepOf = new Map(steps.flatMap((st, i) => st.changes.map((c) => [c, i + 1] as const)));
      out.push({
        domain: domain.name,
        flow: flow.key,
        schema,
        id,
        file: layout.migration(domain.name, schema, id),
        fromVersion: p.fromVersion,
        toVersion: flow.version,
        changes: p.changes.map((c) => ({ kind: c.kind, description: describeChange(c) })),
        locks: changeLocks(steps.flatMap((st) => st.changes)).map(({ change, lock }) => ({ change: describeChange(change), step: stepOf.get(change)!, ...lock })),
        steps: steps.map((st, i) => ({ number: i + 1, mode: st.mode, changes: st.changes.map(describeChange) })),
        sql: renderMigration({ id, flow: flow.key, domain: domain.name, schema, fromVersion: p.fromVersion, toVersion: flow.version, file: flow.file }, p.changes),
      });
    }
  return out;
}
