import type { LoadedValue } from '../loader/index.ts';
import { readErrorBoundary } from './error-boundary.ts';
import type { SourcePos } from './diagnostic.ts';
import { KEY_PATTERN } from './flow.ts';
import type { Reader } from './read.ts';
import { readAvailableIn, readTransition } from './transitions.ts';
import type { JsonValue, SharedTransition, State } from './types.ts';
import { readLabels, readRoles, readVersionStrategy, SUB_TYPES, type WorkflowContext } from './workflow-options.ts';
import { readScript, readTaskCalls, readView } from './workflow-parts.ts';
import { readTimeout } from './workflow-attributes.ts';

const STATE_TYPES = ['initial', 'intermediate', 'final', 'subflow', 'wizard'];
const STATE_PROPS = ['type', 'subType', 'versionStrategy', 'labels', 'alias', 'interaction', 'notifications', 'queryRoles', 'errorBoundary', 'transitions', 'onEntries', 'onExits', 'view', 'subFlow'];

/** A flow's states: type, subtype, labels, roles, error boundary, tasks, view, subflow and transitions. */
export function readStates(r: Reader, value: LoadedValue | undefined, context: WorkflowContext): State[] {
  const obj = r.object(value, 'states');
  if (!obj) return [];
  const states: State[] = [];
  for (const p of obj.props) {
    const what = `state '${p.key}'`;
    const s = r.object(p.value, what);
    if (!s) continue;
    r.only(s, STATE_PROPS, what);
    const prop = (key: string) => r.prop(s, key);
    const errorBoundary = readErrorBoundary(r, prop('errorBoundary')?.value, `the errorBoundary of ${what}`);
    if (errorBoundary) context.boundaries.push(errorBoundary);
    const subTypeValue = prop('subType')?.value;
    const subTypeName = r.string(subTypeValue, `the subType of ${what}`);
    const subType = subTypeName === undefined ? undefined : SUB_TYPES.indexOf(subTypeName);
    if (subType === -1) r.error('FS1310', subTypeValue!.pos, `the subType of ${what} must be one of ${SUB_TYPES.join(', ')}, not '${subTypeName}'`, "the platform's state subtypes: a final state's outcome (success, error, cancelled…) or a waiting state's reason");
    const queryRoles = readRoles(r, prop('queryRoles')?.value, `the queryRoles of ${what}`);
    const versionStrategy = readVersionStrategy(r, prop('versionStrategy')?.value, `the versionStrategy of ${what}`);
    const typeValue = prop('type')?.value;
    const type = r.string(typeValue, `the type of ${what}`) ?? 'intermediate';
    if (!STATE_TYPES.includes(type)) {
      r.error('FS1108', typeValue!.pos, `the type of ${what} must be one of ${STATE_TYPES.map((t) => `'${t}'`).join(', ')}, not '${type}'`);
      continue;
    }
    const transitionsObj = r.object(prop('transitions')?.value, `the transitions of ${what}`);
    const transitions = (transitionsObj?.props ?? []).flatMap((t) => {
      const transition = readTransition(r, context.refs, t.key, t.value, `transition '${t.key}' of ${what}`, context.boundaries);
      return transition ? [transition] : [];
    });
    const autos = transitions.filter((t) => t.auto);
    for (const extra of autos.slice(1))
      r.error('FS1310', extra.pos!, `state '${p.key}' has more than one default automatic transition: '${autos[0]!.name}' and '${extra.name}'`, 'keep auto: true on one transition of the state');
    const onEntries = readTaskCalls(r, context.refs, prop('onEntries')?.value, `the onEntries of ${what}`, context.boundaries);
    const onExits = readTaskCalls(r, context.refs, prop('onExits')?.value, `the onExits of ${what}`, context.boundaries);
    const platform: { [key: string]: JsonValue } = {};
    const view = prop('view') && readView(r, context.refs, prop('view')!.value, `the view of ${what}`, prop('view')!.keyPos);
    if (view !== undefined) platform.view = view;
    const alias = readAlias(r, prop('alias')?.value, `the alias of ${what}`);
    if (alias !== undefined) platform.alias = alias;
    const interaction = readInteraction(r, prop('interaction')?.value, `the interaction of ${what}`);
    if (interaction !== undefined) platform.interaction = interaction;
    const notifications = readNotifications(r, prop('notifications')?.value, `the notifications of ${what}`);
    if (notifications !== undefined) platform.notifications = notifications;
    const subFlowProp = prop('subFlow');
    if (type === 'subflow' && !subFlowProp) r.error('FS1314', p.keyPos, `${what} is a subflow state without a subFlow`, "add subFlow: { process: theFlow, mapping: script('./src/SubFlowMapping.csx') }");
    if (subFlowProp && type !== 'subflow') r.error('FS1314', subFlowProp.keyPos, `${what} has a subFlow but is not a subflow state`, "make it type: 'subflow', or remove subFlow");
    const subFlow = subFlowProp && type === 'subflow' ? readSubFlow(r, context, subFlowProp.value, `the subFlow of ${what}`) : undefined;
    if (subFlow !== undefined) platform.subFlow = subFlow;
    if (type === 'wizard' && transitions.length > 1) r.error('FS1314', transitions[1]!.pos!, `${what} is a wizard state and has ${transitions.length} transitions`, 'a wizard state has at most one transition (the platform\'s schema)');
    states.push({
      key: p.key,
      type: type as State['type'],
      ...(subType !== undefined && subType > 0 && { subType }),
      labels: r.stringMap(prop('labels')?.value, `the labels of ${what}`),
      ...(queryRoles && { queryRoles }),
      ...(errorBoundary && { errorBoundary }),
      ...(versionStrategy && { versionStrategy }),
      transitions,
      ...(onEntries && { onEntries }),
      ...(onExits && { onExits }),
      ...(Object.keys(platform).length && { platform }),
      pos: p.keyPos,
    });
  }
  return states;
}

/** subFlow: `{ type?: 'S' | 'P', process, mapping, overrides? }`: the flow it starts, by reference. */
function readSubFlow(r: Reader, context: WorkflowContext, value: LoadedValue, what: string): JsonValue | undefined {
  const obj = r.object(value, what);
  if (!obj) return undefined;
  r.only(obj, ['type', 'process', 'mapping', 'overrides'], what);
  const typeValue = r.prop(obj, 'type')?.value;
  const type = r.string(typeValue, `the type of ${what}`) ?? 'S';
  if (type !== 'S' && type !== 'P') r.error('FS1314', typeValue!.pos, `the type of ${what} must be 'S' (subflow) or 'P' (sub-process), not '${type}'`);
  const process = context.refs.readProp(obj, 'process', 'workflows', what, true);
  const mapping = readScript(r, r.required(obj, 'mapping', what), `the mapping of ${what}`);
  const overrides = readOverrides(r, context, r.prop(obj, 'overrides')?.value, `the overrides of ${what}`);
  if (process === undefined || mapping === undefined || (type !== 'S' && type !== 'P')) return undefined;
  return { type, process, mapping, ...(overrides !== undefined && { overrides }) };
}

/** overrides: `{ views?: { key: view }, transitions?: { key: { roles } }, states?: { key: { queryRoles } } }`. */
function readOverrides(r: Reader, context: WorkflowContext, value: LoadedValue | undefined, what: string): JsonValue | undefined {
  const obj = r.object(value, what);
  if (!obj) return undefined;
  r.only(obj, ['views', 'transitions', 'states', 'timeout'], what);
  const out: { [key: string]: JsonValue } = {};
  const timeout = readTimeout(r, r.prop(obj, 'timeout')?.value, context, `the timeout of ${what}`, false);
  // The platform requires the override's versionStrategy: its default, Minor, unless written.
  if (timeout !== undefined) out.timeout = { versionStrategy: 'Minor', ...(timeout as { [key: string]: JsonValue }) };
  const views = r.object(r.prop(obj, 'views')?.value, `the views of ${what}`);
  // The platform's schema takes override keys of its key form only.
  const key = (p: { key: string; keyPos: SourcePos }, section: string) => {
    if (!KEY_PATTERN.test(p.key)) r.error('FS1306', p.keyPos, `${section} override key '${p.key}' of ${what} must match ^[a-z0-9-]+$ (the vNext workflow format requires it)`, 'name the view, transition or state of the subflow by its key');
    return KEY_PATTERN.test(p.key);
  };
  if (views) out.views = Object.fromEntries(views.props.filter((p) => key(p, 'view')).flatMap((p) => {
    const ref = context.refs.read(p.value, 'views', `view override '${p.key}' of ${what}`, p.keyPos);
    return ref === undefined ? [] : [[p.key, ref]];
  }));
  for (const [section, field] of [['transitions', 'roles'], ['states', 'queryRoles']] as const) {
    const entries = r.object(r.prop(obj, section)?.value, `the ${section} of ${what}`);
    if (!entries) continue;
    out[section] = Object.fromEntries(entries.props.filter((p) => key(p, section.slice(0, -1))).flatMap((p) => {
      const entry = r.object(p.value, `${section} override '${p.key}' of ${what}`);
      if (!entry) return [];
      r.only(entry, [field], `${section} override '${p.key}' of ${what}`);
      const roles = readRoles(r, r.prop(entry, field)?.value, `the ${field} of ${section} override '${p.key}' of ${what}`);
      return [[p.key, roles ? { [field]: roles as unknown as JsonValue } : {}]];
    }));
  }
  return out;
}

/**
 * sharedTransitions: `{ key: { target, availableIn?, … } }`, a transition
 * available in the states availableIn names (a state key, or
 * `{ state, roles }` narrowing it), every state when left out. Manual,
 * scheduled or event (the platform's schema: never automatic).
 */
export function readSharedTransitions(r: Reader, value: LoadedValue | undefined, context: WorkflowContext): SharedTransition[] | undefined {
  const obj = r.object(value, 'sharedTransitions');
  if (!obj) return undefined;
  const out: SharedTransition[] = [];
  for (const p of obj.props) {
    const what = `shared transition '${p.key}'`;
    const full = r.object(p.value, what);
    if (!full) continue;
    if (!KEY_PATTERN.test(p.key)) r.error('FS1306', p.keyPos, `shared transition key '${p.key}' must match ^[a-z0-9-]+$ (the vNext workflow format requires it)`, "use lowercase letters, digits and dashes, as in 'add-note'");
    const transition = readTransition(r, context.refs, p.key, p.value, what, context.boundaries, { extra: ['availableIn'] });
    const autoProp = r.prop(full, 'auto') ?? r.prop(full, 'rule');
    if (autoProp) r.error('FS1314', autoProp.keyPos, `${what} cannot be automatic (${autoProp.key})`, 'a shared transition is manual, scheduled (timer) or event');
    const availableIn = readAvailableIn(r, r.prop(full, 'availableIn')?.value, what, context.targets);
    if (availableIn && transition?.trigger) r.error('FS1314', r.prop(full, 'availableIn')!.keyPos, `${what} is ${transition.trigger === 'scheduled' ? 'scheduled (a timer)' : 'triggered by an event'} and cannot have availableIn`, 'only a manual shared transition is narrowed to some states; a scheduled or event one is available in every state');
    if (transition && transition.target !== '$self') context.targets.push({ target: transition.target, pos: transition.pos!, what });
    if (transition) out.push({ ...transition, ...(availableIn && { availableIn }) });
  }
  return out;
}

/** alias: `[{ name, roles, labels }]`, other labels for users with those roles. */
function readAlias(r: Reader, value: LoadedValue | undefined, what: string): JsonValue | undefined {
  const items = r.array(value, what);
  if (!items) return undefined;
  return items.flatMap((item, i) => {
    const which = `alias ${i + 1} of ${what}`;
    const obj = r.object(item, which);
    if (!obj) return [];
    r.only(obj, ['name', 'roles', 'labels'], which);
    const name = r.string(r.required(obj, 'name', which), `the name of ${which}`);
    const roles = readRoles(r, r.required(obj, 'roles', which), `the roles of ${which}`);
    const labelsProp = r.prop(obj, 'labels');
    if (!labelsProp) r.required(obj, 'labels', which);
    const labels = labelsProp ? readLabels(r, labelsProp, `the labels of ${which}`) : {};
    if (roles !== undefined && roles.length === 0) r.error('FS1309', obj.pos, `${which} has no roles`, 'an alias is shown to users with at least one of its roles');
    if (labelsProp && Object.keys(labels).length === 0) r.error('FS1307', labelsProp.keyPos, `${which} has no labels`, "write labels: { en: '...' }");
    if (name === undefined || !roles?.length || Object.keys(labels).length === 0) return [];
    return [{ name, roles: roles as unknown as JsonValue, labels: Object.entries(labels).map(([language, label]) => ({ language, label })) }];
  });
}

/** interaction: `{ longPoll: { terminate, fallbackTimeoutSeconds?, roles } }`, the state's long polling. */
function readInteraction(r: Reader, value: LoadedValue | undefined, what: string): JsonValue | undefined {
  const obj = r.object(value, what);
  if (!obj) return undefined;
  r.only(obj, ['longPoll'], what);
  const poll = r.object(r.required(obj, 'longPoll', what), `the longPoll of ${what}`);
  if (!poll) return undefined;
  const which = `the longPoll of ${what}`;
  r.only(poll, ['terminate', 'fallbackTimeoutSeconds', 'roles'], which);
  const terminate = r.boolean(r.required(poll, 'terminate', which), `terminate of ${which}`);
  const fallbackValue = r.prop(poll, 'fallbackTimeoutSeconds')?.value;
  const fallback = r.number(fallbackValue, `fallbackTimeoutSeconds of ${which}`);
  if (fallback !== undefined && (!Number.isInteger(fallback) || fallback < 1)) r.error('FS1313', fallbackValue!.pos, `fallbackTimeoutSeconds of ${which} must be a whole number of 1 or more`);
  const roles = readRoles(r, r.required(poll, 'roles', which), `the roles of ${which}`);
  if (terminate === undefined || roles === undefined) return undefined;
  return { longPoll: { terminate, ...(fallback !== undefined && { fallbackTimeoutSeconds: fallback }), roles: roles as unknown as JsonValue } };
}

/** notifications: `[{ mapping: script(...), rule?: script(...) }]`, state notifications (the platform's type 0). */
function readNotifications(r: Reader, value: LoadedValue | undefined, what: string): JsonValue | undefined {
  const items = r.array(value, what);
  if (!items) return undefined;
  return items.flatMap((item, i) => {
    const which = `notification ${i + 1} of ${what}`;
    const obj = r.object(item, which);
    if (!obj) return [];
    r.only(obj, ['mapping', 'rule'], which);
    const mapping = readScript(r, r.required(obj, 'mapping', which), `the mapping of ${which}`);
    const rule = readScript(r, r.prop(obj, 'rule')?.value, `the rule of ${which}`);
    return mapping === undefined ? [] : [{ type: 0, mapping, ...(rule !== undefined && { rule }) }];
  });
}
