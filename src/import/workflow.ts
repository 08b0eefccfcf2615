import type { FileContext } from './context.ts';
import { importErrorBoundary, importLabels, importReference, importRoles, importScript, importTaskCalls, importView, isObj } from './parts.ts';
import { TsEntries, type TsValue } from './ts-value.ts';

/**
 * A vNext workflow (sys-flows) as the argument of defineFlow: every part the
 * DSL expresses, in the DSL's form, defaults left out; everything else
 * reported at its JSON path (FileContext.leftovers).
 */

type Obj = Record<string, unknown>;
const STATE_TYPES = ['', 'initial', 'intermediate', 'final', 'subflow', 'wizard'];
const SUB_TYPES = ['none', 'success', 'error', 'terminated', 'suspended', 'busy', 'human', 'cancelled', 'timeout'];
const TRANSITION_KEYS = ['key', 'from', 'target', 'triggerType', 'triggerKind', 'versionStrategy', 'labels', 'roles', 'rule', 'timer', 'event', 'mapping', 'schema', 'view', 'onExecutionTasks', 'resourceLock', 'annotations'];

export function importWorkflow(ctx: FileContext, doc: Obj): Record<string, TsValue> {
  const a = isObj(doc.attributes) ? doc.attributes : {};
  const key = doc.key as string;
  const domain = doc.domain as string;
  ctx.leftovers(doc, ['key', 'flow', 'flowVersion', 'domain', 'version', 'tags', 'attributes'], '$');
  const strategy = mostCommonStrategy(a);
  const out: Record<string, TsValue> = { key, domain, version: doc.version as string };
  if (typeof doc.flowVersion === 'string' && doc.flowVersion !== '1.0.0') out.flowVersion = doc.flowVersion;
  if (doc.flowVersion === undefined) ctx.warn('$.flowVersion', 'missing (the platform\'s schema requires it): compile writes 1.0.0');
  const labels = importLabels(ctx, a.labels, '$.attributes.labels');
  if (labels && !isDefaultLabel(labels, key)) out.labels = labels;
  if (typeof a.type === 'string' && a.type !== 'F') out.type = a.type;
  if (Array.isArray(doc.tags) && doc.tags.length === 0) ctx.warn('$.tags', 'no tags: compile writes the domain as the tag (the platform requires one on every other kind)');
  else if (Array.isArray(doc.tags) && !(doc.tags.length === 1 && doc.tags[0] === domain)) out.tags = doc.tags.filter((t): t is string => typeof t === 'string');
  if (strategy !== 'Minor') out.versionStrategy = strategy;
  // The master schema: kept as the reference it is (see docs/import.md); none when the workflow has none.
  out.schema = a.schema === undefined || a.schema === null ? null : (importReference(ctx, a.schema, 'schemas', '$.attributes.schema') ?? null);
  const start = isObj(a.startTransition) ? importStart(ctx, a.startTransition, strategy) : undefined;
  if (start && Object.keys(start).length) out.start = start;
  const queryRoles = importRoles(ctx, a.queryRoles, '$.attributes.queryRoles');
  if (queryRoles !== undefined) out.queryRoles = queryRoles;
  for (const [name, defaultKey, label, hasTarget] of [['cancel', 'cancel', 'Cancel', true], ['exit', 'exit', 'Exit', true], ['updateData', 'update-data', 'Update data', false]] as const)
    if (isObj(a[name])) out[name] = importSpecial(ctx, a[name] as Obj, `$.attributes.${name}`, strategy, defaultKey, label, hasTarget);
  const boundary = importErrorBoundary(ctx, a.errorBoundary, '$.attributes.errorBoundary');
  if (boundary !== undefined) out.errorBoundary = boundary;
  const timeout = isObj(a.timeout) ? importTimeout(ctx, a.timeout, strategy) : undefined;
  if (timeout) out.timeout = timeout;
  const shared = Array.isArray(a.sharedTransitions) ? a.sharedTransitions : [];
  if (shared.length)
    out.sharedTransitions = keyed(ctx, shared, '$.attributes.sharedTransitions', 'shared transition', (t, at) => {
      const value = importTransition(ctx, t, at, strategy, ['availableIn']);
      if (value === undefined) return undefined;
      const full: Record<string, TsValue> = typeof value === 'string' ? { target: value } : (value as Record<string, TsValue>);
      if (Array.isArray(t.availableIn)) full.availableIn = t.availableIn as TsValue;
      return full;
    });
  for (const list of ['functions', 'extensions', 'features'] as const) {
    const items = Array.isArray(a[list]) ? (a[list] as unknown[]) : [];
    const kind = list === 'functions' ? 'functions' : 'extensions';
    const refs = items.flatMap((r, i) => {
      const ref = importReference(ctx, r, kind, `$.attributes.${list}[${i}]`);
      return ref === undefined ? [] : [ref];
    });
    if (refs.length) out[list] = refs;
  }
  if (isObj(a.scripts)) {
    const helpers = (Array.isArray(a.scripts.helpers) ? a.scripts.helpers : []).flatMap((h, i) => {
      const ref = importReference(ctx, h, 'mappings', `$.attributes.scripts.helpers[${i}]`);
      return ref === undefined ? [] : [ref];
    });
    ctx.leftovers(a.scripts, ['helpers', 'allowedAssemblies'], '$.attributes.scripts');
    out.scripts = { ...(helpers.length && { helpers }), ...(Array.isArray(a.scripts.allowedAssemblies) && { allowedAssemblies: a.scripts.allowedAssemblies as TsValue }) };
  }
  if (isObj(a.event)) {
    ctx.leftovers(a.event, ['mapping'], '$.attributes.event');
    const event = importScript(ctx, a.event.mapping, '$.attributes.event.mapping', 'start-event');
    if (event !== undefined) out.event = event;
  }
  const output = importScript(ctx, a.output, '$.attributes.output', 'output');
  if (output !== undefined) out.output = output;
  if (isObj(a.config)) {
    ctx.leftovers(a.config, ['functionCache'], '$.attributes.config');
    out.config = a.config.functionCache === undefined || a.config.functionCache === null ? {} : { functionCache: a.config.functionCache as TsValue };
  }
  const states = Array.isArray(a.states) ? a.states : [];
  out.states = keyed(ctx, states, '$.attributes.states', 'state', (s, at) => importState(ctx, s, at, strategy));
  const initial = states.find((s) => isObj(s) && s.stateType === 1);
  if (isObj(a.startTransition) && isObj(initial) && a.startTransition.target !== initial.key)
    ctx.warn('$.attributes.startTransition.target', `the start transition targets ${JSON.stringify(a.startTransition.target)}, not the initial state: compile writes ${JSON.stringify(initial.key)}`);
  ctx.leftovers(a, ['type', 'timeout', 'labels', 'functions', 'features', 'extensions', 'schema', 'sharedTransitions', 'startTransition', 'queryRoles', 'cancel', 'exit', 'updateData', 'errorBoundary', 'states', 'scripts', 'event', 'output', 'config'], '$.attributes');
  return out;
}

function importState(ctx: FileContext, s: Obj, path: string, strategy: string): Record<string, TsValue> {
  const key = s.key as string;
  const out: Record<string, TsValue> = {};
  const type = typeof s.stateType === 'number' ? STATE_TYPES[s.stateType] : undefined;
  if (!type) ctx.warn(`${path}.stateType`, `state type ${JSON.stringify(s.stateType)} is not one of the platform's (1-5): written as intermediate`);
  else if (type !== 'intermediate') out.type = type;
  if (typeof s.subType === 'number' && s.subType > 0 && SUB_TYPES[s.subType]) out.subType = SUB_TYPES[s.subType]!;
  if (typeof s.versionStrategy === 'string' && s.versionStrategy !== strategy) out.versionStrategy = s.versionStrategy;
  const labels = importLabels(ctx, s.labels, `${path}.labels`);
  if (labels && !isDefaultLabel(labels, key)) out.labels = labels;
  if (Array.isArray(s.alias))
    out.alias = s.alias.flatMap((al, i): TsValue[] => {
      if (!isObj(al) || typeof al.name !== 'string') return [];
      ctx.leftovers(al, ['name', 'roles', 'labels'], `${path}.alias[${i}]`);
      return [{ name: al.name, roles: importRoles(ctx, al.roles, `${path}.alias[${i}].roles`) ?? [], labels: importLabels(ctx, al.labels, `${path}.alias[${i}].labels`) ?? {} }];
    });
  const queryRoles = importRoles(ctx, s.queryRoles, `${path}.queryRoles`);
  if (queryRoles !== undefined) out.queryRoles = queryRoles;
  const boundary = importErrorBoundary(ctx, s.errorBoundary, `${path}.errorBoundary`);
  if (boundary !== undefined) out.errorBoundary = boundary;
  for (const list of ['onEntries', 'onExits'] as const) {
    const calls = importTaskCalls(ctx, s[list], `${path}.${list}`, `${key}-${list === 'onEntries' ? 'entry' : 'exit'}`);
    if (calls !== undefined) out[list] = calls;
  }
  const view = importView(ctx, s.view, `${path}.view`, `${key}-view`);
  if (view !== undefined) out.view = view;
  if (isObj(s.interaction) && isObj(s.interaction.longPoll)) {
    ctx.leftovers(s.interaction, ['longPoll'], `${path}.interaction`);
    const { roles, ...poll } = s.interaction.longPoll;
    out.interaction = { longPoll: { ...(poll as Record<string, TsValue>), roles: importRoles(ctx, roles, `${path}.interaction.longPoll.roles`) ?? [] } };
  }
  if (Array.isArray(s.notifications))
    out.notifications = s.notifications.flatMap((n, i): TsValue[] => {
      const at = `${path}.notifications[${i}]`;
      if (!isObj(n)) return [];
      ctx.leftovers(n, ['type', 'mapping', 'rule'], at);
      const mapping = importScript(ctx, n.mapping, `${at}.mapping`, `${key}-notification-${i + 1}`);
      const rule = importScript(ctx, n.rule, `${at}.rule`, `${key}-notification-${i + 1}-rule`);
      return mapping === undefined ? [] : [{ mapping, ...(rule !== undefined && { rule }) }];
    });
  if (isObj(s.subFlow)) {
    const sf = s.subFlow;
    ctx.leftovers(sf, ['type', 'process', 'mapping', 'overrides'], `${path}.subFlow`);
    const process = importReference(ctx, sf.process, 'workflows', `${path}.subFlow.process`);
    const mapping = importScript(ctx, sf.mapping, `${path}.subFlow.mapping`, `${key}-subflow`);
    if (process !== undefined && mapping !== undefined)
      out.subFlow = { ...(sf.type !== 'S' && typeof sf.type === 'string' && { type: sf.type }), process, mapping, ...(isObj(sf.overrides) && { overrides: importOverrides(ctx, sf.overrides, `${path}.subFlow.overrides`) }) };
  }
  const transitions = Array.isArray(s.transitions) ? s.transitions : [];
  if (transitions.length) out.transitions = keyed(ctx, transitions, `${path}.transitions`, 'transition', (t, at) => importTransition(ctx, t, at, strategy, [], key));
  ctx.leftovers(s, ['key', 'stateType', 'subType', 'versionStrategy', 'labels', 'alias', 'interaction', 'notifications', 'queryRoles', 'errorBoundary', 'onEntries', 'onExits', 'view', 'subFlow', 'transitions'], path);
  return out;
}

function importOverrides(ctx: FileContext, o: Obj, path: string): Record<string, TsValue> {
  ctx.leftovers(o, ['views', 'transitions', 'states', 'timeout'], path);
  const out: Record<string, TsValue> = {};
  const timeout = isObj(o.timeout) ? importTimeout(ctx, o.timeout, 'Minor', `${path}.timeout`) : undefined;
  if (timeout) out.timeout = timeout;
  if (isObj(o.views)) out.views = Object.fromEntries(Object.entries(o.views).flatMap(([k, v]) => {
    const ref = importReference(ctx, v, 'views', `${path}.views.${k}`);
    return ref === undefined ? [] : [[k, ref]];
  }));
  // Per transition only roles, per state only queryRoles (the platform's schema allows nothing else there).
  for (const [section, field] of [['transitions', 'roles'], ['states', 'queryRoles']] as const) {
    const entries = o[section];
    if (!isObj(entries)) continue;
    out[section] = Object.fromEntries(
      Object.entries(entries).flatMap(([k, v]) => {
        if (!isObj(v)) return [];
        ctx.leftovers(v, [field], `${path}.${section}.${k}`);
        const roles = importRoles(ctx, v[field], `${path}.${section}.${k}.${field}`);
        return [[k, roles === undefined ? {} : { [field]: roles }]];
      }),
    );
  }
  return out;
}

/**
 * A transition: its target alone when nothing else differs from the
 * defaults, else the object form. The trigger becomes what the DSL infers it
 * from (auto, rule, timer, event).
 */
function importTransition(ctx: FileContext, t: Obj, path: string, strategy: string, extra: readonly string[], from?: string, defaultLabel = t.key as string): TsValue | undefined {
  const key = t.key as string;
  if (typeof t.target !== 'string') {
    ctx.warn(`${path}.target`, 'a transition without a target: left out');
    return undefined;
  }
  const out: Record<string, TsValue> = { target: t.target };
  if (from !== undefined && t.from !== undefined && t.from !== from) ctx.warn(`${path}.from`, `from ${JSON.stringify(t.from)} is not the state it belongs to: written as ${from}`);
  if (from === undefined && t.from !== undefined) ctx.warn(`${path}.from`, 'from on a transition of no state (shared, cancel, exit, update-data): left out');
  if (isObj(t.event) && t.triggerType !== 3) ctx.warn(`${path}.event`, `an event on a transition of triggerType ${JSON.stringify(t.triggerType)}: the DSL writes an event as the trigger; left out`);
  if (t.triggerType === 1 && t.triggerKind === 10) out.auto = true;
  else if (t.triggerType === 1 && (t.rule === undefined || t.rule === null)) {
    out.auto = true;
    ctx.warn(`${path}.triggerType`, 'automatic without a rule or triggerKind 10: written as the default automatic transition (triggerKind 10), the nearest the DSL expresses');
  }
  else if (t.triggerKind !== undefined && t.triggerKind !== 0 && t.triggerKind !== null) ctx.warn(`${path}.triggerKind`, `triggerKind ${JSON.stringify(t.triggerKind)} on triggerType ${JSON.stringify(t.triggerType)}: left out`);
  if (t.triggerType === 2 && !isObj(t.timer)) ctx.warn(`${path}.triggerType`, 'scheduled without a timer: written as manual');
  if (t.triggerType === 3 && !isObj(t.event)) ctx.warn(`${path}.triggerType`, 'an event trigger without an event: written as manual');
  const labels = importLabels(ctx, t.labels, `${path}.labels`);
  if (labels && !isDefaultLabel(labels, defaultLabel)) out.labels = labels;
  const roles = importRoles(ctx, t.roles, `${path}.roles`);
  if (roles !== undefined) out.roles = roles;
  if (isObj(t.rule) && t.triggerType === 1) out.rule = importScript(ctx, t.rule, `${path}.rule`, `${key}-rule`) ?? null;
  if (isObj(t.timer) && t.triggerType === 2) out.timer = importScript(ctx, t.timer, `${path}.timer`, `${key}-timer`) ?? null;
  if (isObj(t.event) && t.triggerType === 3) {
    ctx.leftovers(t.event, ['mapping'], `${path}.event`);
    out.event = importScript(ctx, t.event.mapping, `${path}.event.mapping`, `${key}-event`) ?? null;
  }
  for (const k of ['rule', 'timer', 'event'] as const) if (out[k] === null) delete out[k];
  const mapping = importScript(ctx, t.mapping, `${path}.mapping`, `${key}-mapping`);
  if (mapping !== undefined) out.mapping = mapping;
  const schema = importReference(ctx, t.schema, 'schemas', `${path}.schema`);
  if (schema !== undefined) out.schema = schema;
  const view = importView(ctx, t.view, `${path}.view`, `${key}-view`);
  if (view !== undefined) out.view = view;
  const tasks = importTaskCalls(ctx, t.onExecutionTasks, `${path}.onExecutionTasks`, `${key}-task`);
  if (tasks !== undefined) out.onExecutionTasks = tasks;
  if (isObj(t.resourceLock)) {
    const { keyExpression, ...rest } = t.resourceLock;
    const expression = importScript(ctx, keyExpression, `${path}.resourceLock.keyExpression`, `${key}-lock`);
    if (expression !== undefined) out.resourceLock = { keyExpression: expression, ...(rest as Record<string, TsValue>) };
  }
  if (isObj(t.annotations)) out.annotations = t.annotations as TsValue;
  if (typeof t.versionStrategy === 'string' && t.versionStrategy !== strategy) out.versionStrategy = t.versionStrategy;
  ctx.leftovers(t, [...TRANSITION_KEYS, ...extra], path);
  return Object.keys(out).length === 1 && extra.length === 0 ? (out.target as string) : out;
}

function importStart(ctx: FileContext, t: Obj, strategy: string): Record<string, TsValue> {
  const path = '$.attributes.startTransition';
  const out: Record<string, TsValue> = {};
  if (typeof t.key === 'string' && t.key !== 'start') out.key = t.key;
  else if (typeof t.key !== 'string') ctx.warn(`${path}.key`, 'a start transition without a key: written as start');
  const labels = importLabels(ctx, t.labels, `${path}.labels`);
  if (labels && !isDefaultLabel(labels, 'Start')) out.labels = labels;
  const roles = importRoles(ctx, t.roles, `${path}.roles`);
  if (roles !== undefined) out.roles = roles;
  const tasks = importTaskCalls(ctx, t.onExecutionTasks, `${path}.onExecutionTasks`, 'start-task');
  if (tasks !== undefined) out.onExecutionTasks = tasks;
  const mapping = importScript(ctx, t.mapping, `${path}.mapping`, 'start-mapping');
  if (mapping !== undefined) out.mapping = mapping;
  const schema = importReference(ctx, t.schema, 'schemas', `${path}.schema`);
  if (schema !== undefined) out.schema = schema;
  if (isObj(t.resourceLock)) {
    const { keyExpression, ...rest } = t.resourceLock;
    const expression = importScript(ctx, keyExpression, `${path}.resourceLock.keyExpression`, 'start-lock');
    if (expression !== undefined) out.resourceLock = { keyExpression: expression, ...(rest as Record<string, TsValue>) };
  }
  if (typeof t.versionStrategy === 'string' && t.versionStrategy !== strategy) out.versionStrategy = t.versionStrategy;
  ctx.leftovers(t, ['key', 'target', 'triggerType', 'versionStrategy', 'labels', 'roles', 'onExecutionTasks', 'mapping', 'schema', 'resourceLock'], path);
  return out;
}

function importSpecial(ctx: FileContext, t: Obj, path: string, strategy: string, defaultKey: string, label: string, hasTarget: boolean): Record<string, TsValue> {
  const value = importTransition(ctx, hasTarget ? t : { target: '$self', ...t }, path, strategy, ['availableIn', 'key'], undefined, label);
  const body: Record<string, TsValue> = typeof value === 'string' ? { target: value } : { ...((value ?? {}) as Record<string, TsValue>) };
  if (!hasTarget) {
    if (body.target !== '$self') ctx.warn(`${path}.target`, `the update-data transition targets ${JSON.stringify(body.target)}: it always stays ($self)`);
    delete body.target;
  }
  if (Array.isArray(t.availableIn)) body.availableIn = t.availableIn as TsValue;
  if (typeof t.key !== 'string') ctx.warn(`${path}.key`, `no key: written as ${defaultKey}`);
  return { ...(typeof t.key === 'string' && t.key !== defaultKey && { key: t.key }), ...body };
}

function importTimeout(ctx: FileContext, t: Obj, strategy: string, path = '$.attributes.timeout'): Record<string, TsValue> | undefined {
  ctx.leftovers(t, ['key', 'target', 'versionStrategy', 'timer', 'mapping'], path);
  if (typeof t.target !== 'string' || !isObj(t.timer) || typeof t.timer.reset !== 'string' || typeof t.timer.duration !== 'string') {
    ctx.warn(path, 'a timeout without a target and a timer { reset, duration }: left out');
    return undefined;
  }
  ctx.leftovers(t.timer, ['reset', 'duration'], `${path}.timer`);
  const mapping = importScript(ctx, t.mapping, `${path}.mapping`, 'timeout-mapping');
  return {
    ...(typeof t.key === 'string' && t.key !== 'timeout' && { key: t.key }),
    target: t.target as string,
    timer: { reset: t.timer.reset, duration: t.timer.duration },
    ...(typeof t.versionStrategy === 'string' && t.versionStrategy !== strategy && { versionStrategy: t.versionStrategy }),
    ...(mapping !== undefined && { mapping }),
  };
}

/** The labels compile writes when none are given: the fallback text in en. */
function isDefaultLabel(labels: Record<string, string>, fallback: string): boolean {
  const entries = Object.entries(labels);
  return entries.length === 1 && entries[0]![0] === 'en' && entries[0]![1] === fallback;
}

/** The version strategy most states and transitions use (Minor on a tie), written once for the flow. */
function mostCommonStrategy(a: Obj): string {
  const counts = new Map<string, number>();
  const count = (v: unknown) => typeof v === 'string' && counts.set(v, (counts.get(v) ?? 0) + 1);
  for (const s of Array.isArray(a.states) ? a.states : []) {
    if (!isObj(s)) continue;
    count(s.versionStrategy);
    for (const t of Array.isArray(s.transitions) ? s.transitions : []) if (isObj(t)) count(t.versionStrategy);
  }
  const best = [...counts].sort((x, y) => y[1] - x[1] || (x[0] === 'Minor' ? -1 : y[0] === 'Minor' ? 1 : x[0] < y[0] ? -1 : 1))[0];
  return best?.[0] ?? 'Minor';
}

/**
 * A list of keyed items (states, transitions) as an object of the DSL, in
 * their order (TsEntries: integer-like keys stay where they are); an item
 * whose key is taken, or that has none, is reported and left out.
 */
function keyed(ctx: FileContext, items: readonly unknown[], path: string, noun: string, read: (item: Obj, at: string) => TsValue | undefined): TsEntries {
  const entries: [string, TsValue][] = [];
  items.forEach((item, i) => {
    const at = `${path}[${i}]`;
    if (!isObj(item) || typeof item.key !== 'string') {
      ctx.warn(at, `a ${noun} without a key: left out`);
      return;
    }
    if (item.key === '__proto__') {
      ctx.warn(`${at}.key`, `a ${noun} keyed __proto__ cannot be a definition property: left out`);
      return;
    }
    if (entries.some(([k]) => k === item.key)) {
      ctx.warn(`${at}.key`, `a second ${noun} keyed ${JSON.stringify(item.key)}: left out (a key names one ${noun})`);
      return;
    }
    const value = read(item, at);
    if (value !== undefined) entries.push([item.key, value]);
  });
  return new TsEntries(entries);
}
