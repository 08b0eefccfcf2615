import { compareSemver, diagnostic, type Diagnostic, type FlowModel } from '../model/index.ts';
import type { Change } from './changes.ts';
import { createSchemaChanges } from './create.ts';
import { allows, suggestedEntry } from './allow.ts';
import { diff, type DestructiveChange, type PreviousState } from './diff.ts';
import { lockGate } from './lock-gate.ts';

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
 * than the last (FS2002), destructive changes not allowed (FS2101), and
 * changes that rewrite a table under its lock not allowed (FS2103).
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
  const diagnostics = [...plan.diagnostics, ...destructiveGate(flow, plan.destructive), ...lockGate(flow, plan.changes, plan.destructive.map((d) => d.object))];
  const hasSql = plan.changes.length > 0;
  return { changes: diagnostics.length || !hasSql ? [] : plan.changes, fromVersion: previous.version, diagnostics };
}

/**
 * FS2101: each destructive change that migrations[version].allowDestructive
 * does not name (only this version's entries count: another version's were
 * for that version's migration). FS2102: each entry of this version that
 * names nothing this version destroys (a typo, or an entry left from a
 * version whose change moved on), so an entry never silently allows nothing.
 */
function destructiveGate(flow: FlowModel, destructive: readonly DestructiveChange[]): Diagnostic[] {
  const at = flow.pos!;
  const options = flow.migrations.find((m) => m.version === flow.version);
  const entries = options?.allowDestructive ?? [];
  const out: Diagnostic[] = [];
  for (const d of destructive) {
    if (entries.some((e) => allows(e, d.object, flow))) continue;
    const entry = suggestedEntry(d, flow);
    const elsewhere = flow.migrations.find((m) => m.version !== flow.version && m.allowDestructive.some((e) => allows(e, d.object, flow)));
    const hint = elsewhere
      ? `migrations['${elsewhere.version}'] allows it, but this change comes with version ${flow.version}: if it is intended, add '${entry}' to migrations['${flow.version}'].allowDestructive`
      : `if it is intended, add '${entry}' to migrations['${flow.version}'].allowDestructive`;
    out.push(diagnostic('FS2101', d.pos ?? at, `${d.description} is destructive and is refused`, hint));
  }
  const destroys = [...new Set(destructive.map((d) => `'${suggestedEntry(d, flow)}'`))];
  entries.forEach((e, i) => {
    if (destructive.some((d) => allows(e, d.object, flow))) return;
    const pos = options!.allowDestructivePos?.[i] ?? options!.pos ?? at;
    out.push(
      diagnostic(
        'FS2102',
        pos,
        `allowDestructive entry '${e}' of migrations['${flow.version}'] names nothing that version ${flow.version} destroys`,
        destroys.length
          ? `version ${flow.version} destroys ${destroys.length === 1 ? 'only ' : ''}${destroys.join(', ')}: correct the entry, or remove it`
          : `version ${flow.version} destroys nothing: remove the entry`,
      ),
    );
  });
  return out;
}

function describeFirst(changes: readonly Change[]): string {
  const c = changes[0]!;
  return 'table' in c && typeof c.table === 'string' ? `${c.kind} on ${c.table}` : c.kind;
}

function bump(version: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  return m ? `${m[1]}.${Number(m[2]) + 1}.0` : version;
}
