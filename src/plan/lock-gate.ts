import { diagnostic, type Diagnostic, type FlowModel } from '../model/index.ts';
import { allows, suggestedEntry } from './allow.ts';
import { describeChange, type Change } from './changes.ts';
import type { DestroyedObject } from './diff.ts';
import { changeLocks } from './locks.ts';
import { fileOrder } from './online.ts';

/**
 * FS2103: each change that, even in its online form, holds a lock blocking
 * a live flow's reads and writes while it rewrites a table that may hold
 * data (a type change that is not binary-coercible, a stored generated
 * column such as an indexed data field's, an identity column or a volatile
 * default, a rebuilt enum), unless migrations[version].allowLocking names it
 * or allowDestructive already does (the author has then looked at that very
 * change). FS2104: an allowLocking entry that names nothing of the kind.
 * The destructive gate's style: the author decides, by name, in the
 * definition; plan and the migration's header show the lock either way.
 */
export function lockGate(flow: FlowModel, changes: readonly Change[], destroyed: readonly DestroyedObject[]): Diagnostic[] {
  const at = flow.pos!;
  const options = flow.migrations.find((m) => m.version === flow.version);
  const entries = options?.allowLocking ?? [];
  const destructive = options?.allowDestructive ?? [];
  const out: Diagnostic[] = [];
  const locking: DestroyedObject[] = [];
  for (const { change, lock } of changeLocks(fileOrder(changes))) {
    if (!lock.unsafe) continue;
    const objects = lockedObjects(change, flow);
    locking.push(...objects);
    if (objects.some((o) => entries.some((e) => allows(e, o, flow)) || destructive.some((e) => allows(e, o, flow)))) continue;
    // Destructive too: FS2101 asks for it by name already, and its allowDestructive entry allows the lock.
    if (objects.some((o) => destroyed.some((d) => JSON.stringify(d) === JSON.stringify(o)))) continue;
    const entry = objects[0] ? suggestedEntry({ object: objects[0], key: keyOf(objects[0]), description: '', pos: undefined }, flow) : lock.table;
    out.push(
      diagnostic(
        'FS2103',
        at,
        `${describeChange(change)} takes ${lock.lock} on ${lock.table} ${lock.holds} (blocking ${lock.blocks} of a live flow), and no online form exists for it`,
        `${lock.unsafe}; to run it anyway, add '${entry}' to migrations['${flow.version}'].allowLocking`,
      ),
    );
  }
  entries.forEach((e, i) => {
    if (locking.some((o) => allows(e, o, flow))) return;
    const pos = options!.allowLockingPos?.[i] ?? options!.pos ?? at;
    out.push(diagnostic('FS2104', pos, `allowLocking entry '${e}' of migrations['${flow.version}'] names nothing that version ${flow.version} rewrites under a lock`, 'correct the entry, or remove it: only changes plan marks with ! need one'));
  });
  return out;
}

/** What an allowLocking entry may name for a change: its column, the data field behind a generated column, its enum type. */
function lockedObjects(change: Change, flow: FlowModel): DestroyedObject[] {
  switch (change.kind) {
    case 'AlterColumnType':
      return [{ kind: 'column', table: change.table, column: change.column.name }];
    case 'AddColumn': {
      const field = change.table === 'instance_data' ? flow.dataFields.find((f) => f.index !== 'none' && f.column === change.column.name) : undefined;
      return [...(field ? [{ kind: 'data', field: field.key } as const] : []), { kind: 'column', table: change.table, column: change.column.name }];
    }
    case 'RecreateEnum':
      return [{ kind: 'enum', name: change.enum.name }];
    case 'AddPrimaryKey':
      return change.key.columns.map((column) => ({ kind: 'column', table: change.table, column }) as const);
    default:
      return [];
  }
}

function keyOf(o: DestroyedObject): string {
  switch (o.kind) {
    case 'column':
      return `${o.table}.${o.column}`;
    case 'data':
      return `data.${o.field}`;
    case 'enum':
      return `enum:${o.name}`;
    case 'table':
      return o.table;
  }
}
