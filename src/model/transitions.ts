import type { LoadedValue } from '../loader/index.ts';
import type { Reader } from './read.ts';
import type { References } from './references.ts';
import type { SourcePos } from './diagnostic.ts';
import type { ErrorBoundaryModel, JsonValue, RoleGrant, Transition } from './types.ts';
import { readLabels, readRoles, readVersionStrategy } from './workflow-options.ts';
import { readAnnotations, readResourceLock, readScript, readTaskCalls, readView } from './workflow-parts.ts';

export const TRANSITION_PROPS = ['target', 'labels', 'roles', 'auto', 'rule', 'timer', 'event', 'mapping', 'schema', 'view', 'onExecutionTasks', 'resourceLock', 'annotations', 'versionStrategy'];

/**
 * A transition: its target state, or `{ target, … }` written out. How it is
 * triggered follows from what is written, so a combination the platform
 * refuses cannot be expressed silently (FS1313):
 * - nothing: manual (triggerType 0);
 * - `auto: true`: the state's default automatic transition (1, kind 10), a rule allowed;
 * - `rule`: automatic when the rule holds (1);
 * - `timer`: scheduled (2);
 * - `event`: triggered by an external event, mapped by the script (3).
 * Only a manual or event transition takes a mapping or a schema, and only a
 * manual one a view (the platform's schema).
 */
export function readTransition(r: Reader, refs: References, name: string, value: LoadedValue, what: string, boundaries: ErrorBoundaryModel[], options: TransitionOptions = {}): Transition | undefined {
  const full = value.kind === 'object' ? r.object(value, what) : undefined;
  if (full) r.only(full, [...TRANSITION_PROPS.filter((p) => !options.exclude?.includes(p)), ...(options.extra ?? [])], what);
  const targetProp = full && r.prop(full, 'target');
  const targetValue = full ? (options.defaultTarget !== undefined && !targetProp ? undefined : r.required(full, 'target', what)) : value;
  const target = targetValue ? r.string(targetValue, `the target of ${what}`) : options.defaultTarget;
  if (!full) return target === undefined ? undefined : { name, target, pos: targetValue!.pos };
  const prop = (key: string) => r.prop(full, key);
  const roles = readRoles(r, prop('roles')?.value, `the roles of ${what}`);
  const auto = r.boolean(prop('auto')?.value, `auto of ${what}`);
  const versionStrategy = readVersionStrategy(r, prop('versionStrategy')?.value, `the versionStrategy of ${what}`);
  const labelsProp = prop('labels');
  const labels = labelsProp ? readLabels(r, labelsProp, `the labels of ${what}`) : undefined;
  const platform: { [key: string]: JsonValue } = {};
  const script = (key: string, label: string) => {
    const v = readScript(r, prop(key)?.value, `the ${label} of ${what}`);
    if (v !== undefined) platform[key] = v;
  };
  script('rule', 'rule');
  script('timer', 'timer');
  script('mapping', 'mapping');
  const eventMapping = readScript(r, prop('event')?.value, `the event mapping of ${what}`);
  if (eventMapping !== undefined) platform.event = { mapping: eventMapping };
  const schema = refs.readProp(full, 'schema', 'schemas', what);
  if (schema !== undefined) platform.schema = schema;
  const view = prop('view') && readView(r, refs, prop('view')!.value, `the view of ${what}`, prop('view')!.keyPos);
  if (view !== undefined) platform.view = view;
  const lock = prop('resourceLock') && readResourceLock(r, prop('resourceLock')!.value, `the resourceLock of ${what}`);
  if (lock !== undefined) platform.resourceLock = lock;
  const annotations = readAnnotations(r, prop('annotations')?.value, `the annotations of ${what}`);
  if (annotations !== undefined) platform.annotations = annotations;
  const onExecutionTasks = readTaskCalls(r, refs, prop('onExecutionTasks')?.value, `the onExecutionTasks of ${what}`, boundaries);

  // How it is triggered, and what that trigger refuses.
  const triggers = (['rule', 'timer', 'event'] as const).filter((k) => prop(k));
  const trigger = triggers[0] === 'rule' ? 'automatic' : triggers[0] === 'timer' ? 'scheduled' : triggers[0] === 'event' ? 'event' : undefined;
  if (triggers.length > 1) r.error('FS1313', prop(triggers[1]!)!.keyPos, `${what} has both a ${triggers[0]} and a ${triggers[1]}: a transition has one trigger`, 'rule: automatic when it holds; timer: scheduled; event: an external event');
  else if (auto && (trigger === 'scheduled' || trigger === 'event')) r.error('FS1313', prop(triggers[0]!)!.keyPos, `${what} is the default automatic transition (auto: true) and cannot also have a ${triggers[0]}`, 'remove auto: true, or the ' + triggers[0]);
  const automatic = auto || trigger === 'automatic' || trigger === 'scheduled';
  const kind = auto ? 'automatic (auto: true)' : trigger === 'automatic' ? 'automatic (a rule)' : trigger === 'scheduled' ? 'scheduled (a timer)' : 'triggered by an event';
  for (const key of ['mapping', 'schema', 'view'])
    if (prop(key) && (automatic || (key === 'view' && trigger === 'event')))
      r.error('FS1313', prop(key)!.keyPos, `${what} is ${kind} and cannot have a ${key}`, key === 'view' ? 'only a manual transition shows a view' : 'only a manual or event transition receives input');
  return target === undefined
    ? undefined
    : {
        name,
        target,
        ...(labels && Object.keys(labels).length && { labels }),
        ...(roles && { roles }),
        ...(auto && { auto: true }),
        ...(trigger && { trigger }),
        ...(versionStrategy && { versionStrategy }),
        ...(onExecutionTasks && { onExecutionTasks }),
        ...(Object.keys(platform).length && { platform }),
        pos: (targetValue ?? value).pos,
      };
}

export interface TransitionOptions {
  /** properties it takes besides a transition's */
  readonly extra?: readonly string[];
  /** a transition's properties it does not take */
  readonly exclude?: readonly string[];
  /** its target when none is written ($self for update-data) */
  readonly defaultTarget?: string;
}

/**
 * availableIn: the states a shared (or cancel, exit) transition is offered
 * in, each a state key or `{ state, roles }` narrowing it; the states are
 * checked with the flow's (`targets`).
 */
export function readAvailableIn(r: Reader, value: LoadedValue | undefined, what: string, targets: { target: string; pos: SourcePos; what: string }[]): (string | { state: string; roles?: RoleGrant[] })[] | undefined {
  const items = r.array(value, `availableIn of ${what}`);
  if (!items) return undefined;
  const availableIn: (string | { state: string; roles?: RoleGrant[] })[] = [];
  for (const item of items) {
    if (item.kind === 'string') {
      availableIn.push(item.value);
      targets.push({ target: item.value, pos: item.pos, what: `availableIn of ${what}` });
      continue;
    }
    const entry = r.object(item, `an entry of availableIn of ${what}`);
    if (!entry) continue;
    r.only(entry, ['state', 'roles'], `an entry of availableIn of ${what}`);
    const stateValue = r.required(entry, 'state', `an entry of availableIn of ${what}`);
    const state = r.string(stateValue, `the state of an entry of availableIn of ${what}`);
    const roles = readRoles(r, r.prop(entry, 'roles')?.value, `the roles of an entry of availableIn of ${what}`);
    if (state === undefined) continue;
    availableIn.push({ state, ...(roles && { roles }) });
    targets.push({ target: state, pos: stateValue!.pos, what: `availableIn of ${what}` });
  }
  return availableIn;
}
