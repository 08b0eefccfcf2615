import { compareSemver, diagnostic, type Diagnostic, type FlowModel } from '../model/index.ts';
import type { Change } from './changes.ts';
import { createSchemaChanges } from './create.ts';
import { diff, type PreviousState } from './diff.ts';

export interface FlowPlan {
  /** The changes of the new migration; empty when this version needs none. */
  readonly changes: readonly Change[];
  /** null for a schema's first migration */
  readonly fromVersion: string | null;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * What the current definition of a flow needs on top of its history:
 * nothing (same schema), a first migration (no history), or the next one.
 * Refuses a schema change without a version bump (FS2001), a version lower
 * than the last (FS2002), and destructive changes not allowed (FS2101).
 */
export function planFlow(flow: FlowModel, previous: PreviousState | undefined): FlowPlan {
  if (!previous) return { changes: createSchemaChanges(flow.schema), fromVersion: null, diagnostics: [] };
  const plan = diff(previous, flow);
  const schemaChanges = plan.changes.filter((c) => c.kind !== 'RunSql');
  const order = compareSemver(flow.version, previous.version);
  const at = flow.pos!;
  if (order < 0)
    return { changes: [], fromVersion: previous.version, diagnostics: [diagnostic('FS2002', at, `flow '${flow.key}' is at version ${flow.version}, lower than its last generated version ${previous.version}`, `versions only go forward: use a version above ${previous.version}`)] };
  if (order === 0) {
    if (schemaChanges.length === 0) return { changes: [], fromVersion: previous.version, diagnostics: plan.diagnostics };
    return {
      changes: [],
      fromVersion: previous.version,
      diagnostics: [
        ...plan.diagnostics,
        diagnostic('FS2001', at, `flow '${flow.key}' changes its schema but keeps version ${flow.version} (${schemaChanges.length} change(s), the first: ${describeFirst(schemaChanges)})`, `bump the version (for example to ${bump(flow.version)}): each schema change needs a new version`),
      ],
    };
  }
  const allowed = flow.migrations.find((m) => m.version === flow.version)?.allowDestructive ?? [];
  const refused = plan.destructive
    .filter((d) => !allowed.includes(d.key))
    .map((d) => diagnostic('FS2101', d.pos ?? at, `${d.description} is destructive and is refused`, `if it is intended, add '${d.key}' to migrations['${flow.version}'].allowDestructive`));
  const diagnostics = [...plan.diagnostics, ...refused];
  const hasSql = plan.changes.length > 0;
  return { changes: diagnostics.length || !hasSql ? [] : plan.changes, fromVersion: previous.version, diagnostics };
}

function describeFirst(changes: readonly Change[]): string {
  const c = changes[0]!;
  return 'table' in c && typeof c.table === 'string' ? `${c.kind} on ${c.table}` : c.kind;
}

function bump(version: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  return m ? `${m[1]}.${Number(m[2]) + 1}.0` : version;
}
