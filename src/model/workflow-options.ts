import type { LoadedValue } from '../loader/index.ts';
import { readErrorBoundary } from './error-boundary.ts';
import { KEY_PATTERN } from './flow.ts';
import type { Reader } from './read.ts';
import type { SourcePos } from './diagnostic.ts';
import type { References } from './references.ts';
import { platformVersionProblem } from './semver.ts';
import type { ErrorBoundaryModel, FlowModel, JsonValue, RoleGrant, SpecialTransition, VersionStrategy } from './types.ts';
import { readResourceLock, readScript, readTaskCalls } from './workflow-parts.ts';
import { readConfig, readScriptsHelpers, readTimeout } from './workflow-attributes.ts';
import { readAvailableIn, readTransition } from './transitions.ts';
import { LANGUAGE } from './validate-states.ts';

/**
 * What a flow says about its vNext workflow beyond states and data: type,
 * tags, the start, cancel, exit and update-data transitions, role grants,
 * version strategies, labels, the error boundary. Read statically and
 * checked here; emitted by artifacts/components.ts only where written.
 */

/** Labels by language, each language checked (FS1307). */
export function readLabels(r: Reader, prop: NonNullable<ReturnType<Reader['prop']>>, what: string): { [lang: string]: string } {
  const labels = r.stringMap(prop.value, what);
  for (const language of Object.keys(labels))
    if (!LANGUAGE.test(language)) r.error('FS1307', prop.keyPos, `label language '${language}' in ${what} must be a language code such as en or en-US`, 'use ISO 639-1 with an optional region: en, tr, en-US');
  return labels;
}

const WORKFLOW_TYPES = ['C', 'F', 'S', 'P'];
/** The platform's state subTypes, by their number. */
export const SUB_TYPES = ['none', 'success', 'error', 'terminated', 'suspended', 'busy', 'human', 'cancelled', 'timeout'];
const VERSION_STRATEGIES = ['None', 'Patch', 'Minor', 'Major'];

/**
 * cancel, exit (with a target state, checked with the states) or updateData
 * (always the current state): manual transitions from any state (or those
 * availableIn names), with a transition's schema, view, mapping, tasks,
 * roles and annotations.
 */
function readSpecial(r: Reader, obj: NonNullable<ReturnType<Reader['object']>>, prop: string, defaultKey: string, hasTarget: boolean, context: WorkflowContext): SpecialTransition | undefined {
  const what = `the ${prop} transition`;
  const special = r.object(r.prop(obj, prop)?.value, what);
  if (!special) return undefined;
  const keyValue = r.prop(special, 'key')?.value;
  const key = r.string(keyValue, `the key of ${what}`) ?? defaultKey;
  if (!KEY_PATTERN.test(key)) r.error('FS1306', keyValue!.pos, `${prop} transition key '${key}' must match ^[a-z0-9-]+$ (the vNext workflow format requires it)`, `use lowercase letters, digits and dashes, as in '${defaultKey}'`);
  const exclude = ['auto', 'rule', 'timer', 'event', 'resourceLock', ...(hasTarget ? [] : ['target'])];
  const t = readTransition(r, context.refs, key, special, what, context.boundaries, { extra: ['key', 'availableIn'], exclude, ...(!hasTarget && { defaultTarget: '$self' }) });
  const availableIn = readAvailableIn(r, r.prop(special, 'availableIn')?.value, what, context.targets);
  if (!t) return undefined;
  const { name: _name, target, auto: _auto, trigger: _trigger, ...rest } = t;
  return { key, ...(hasTarget && { target }), ...rest, ...(availableIn && { availableIn }) };
}

export function readVersionStrategy(r: Reader, value: LoadedValue | undefined, what: string): VersionStrategy | undefined {
  const strategy = r.string(value, what);
  if (strategy === undefined) return undefined;
  if (VERSION_STRATEGIES.includes(strategy)) return strategy as VersionStrategy;
  r.error('FS1310', value!.pos, `${what} must be one of None, Patch, Minor, Major, not '${strategy}'`, "the platform's versionStrategy (default Minor)");
  return undefined;
}

/** `[{ role, grant: 'allow' | 'deny' }]` as the platform writes role grants (FS1309); undefined when not written. */
export function readRoles(r: Reader, value: LoadedValue | undefined, what: string): RoleGrant[] | undefined {
  if (value === undefined) return undefined;
  if (value.kind !== 'array') {
    r.error('FS1309', value.pos, `${what} must be a list of { role, grant }`, "write [{ role: 'loan-officer', grant: 'allow' }]");
    return undefined;
  }
  const out: RoleGrant[] = [];
  for (const item of value.items) {
    const grantObj = r.object(item, `a grant in ${what}`);
    if (!grantObj) continue;
    r.only(grantObj, ['role', 'grant'], `a grant in ${what}`);
    const roleValue = r.required(grantObj, 'role', `a grant in ${what}`);
    const role = r.string(roleValue, `the role of a grant in ${what}`);
    const grantValue = r.required(grantObj, 'grant', `a grant in ${what}`);
    const grant = r.string(grantValue, `the grant of a grant in ${what}`);
    if (role !== undefined && role.trim() === '') r.error('FS1309', roleValue!.pos, `a role in ${what} is empty`, 'name the role, as the platform knows it');
    if (grant !== undefined && grant !== 'allow' && grant !== 'deny') r.error('FS1309', grantValue!.pos, `the grant of role '${role ?? '?'}' in ${what} must be 'allow' or 'deny', not '${grant}'`, 'a deny always wins; without a match the platform denies');
    if (role !== undefined && role.trim() !== '' && (grant === 'allow' || grant === 'deny')) out.push({ role, grant });
  }
  return out;
}

/** type, tags and start: the workflow component's header (FS1308 type, FS1306 start key); undefined when none is written. */
export function readWorkflowOptions(r: Reader, obj: NonNullable<ReturnType<Reader['object']>>, context: WorkflowContext): FlowModel['workflow'] {
  const typeValue = r.prop(obj, 'type')?.value;
  const type = r.string(typeValue, 'the workflow type');
  if (type !== undefined && !WORKFLOW_TYPES.includes(type))
    r.error('FS1308', typeValue!.pos, `the workflow type must be 'C', 'F', 'S' or 'P', not '${type}'`, 'C core, F flow (the default), S subflow, P sub-process');
  const tagsValue = r.prop(obj, 'tags')?.value;
  const tags = r.strings(tagsValue, 'the workflow tags');
  if (tags !== undefined && tags.length === 0) r.error('FS1308', tagsValue!.pos, 'the workflow tags must not be empty', 'leave tags out (the domain is the tag), or name at least one');
  const startObj = r.object(r.prop(obj, 'start')?.value, 'the start transition');
  let start: NonNullable<FlowModel['workflow']>['start'];
  if (startObj) {
    r.only(startObj, ['key', 'labels', 'roles', 'onExecutionTasks', 'mapping', 'schema', 'resourceLock', 'versionStrategy'], 'the start transition');
    const startStrategy = readVersionStrategy(r, r.prop(startObj, 'versionStrategy')?.value, 'the versionStrategy of the start transition');
    const keyValue = r.prop(startObj, 'key')?.value;
    const key = r.string(keyValue, 'the start transition key');
    if (key !== undefined && !KEY_PATTERN.test(key)) r.error('FS1306', keyValue!.pos, `start transition key '${key}' must match ^[a-z0-9-]+$ (the vNext workflow format requires it)`, "use lowercase letters, digits and dashes, as in 'start'");
    const labelsProp = r.prop(startObj, 'labels');
    const labels = labelsProp ? readLabels(r, labelsProp, 'the labels of the start transition') : undefined;
    const roles = readRoles(r, r.prop(startObj, 'roles')?.value, 'the roles of the start transition');
    const onExecutionTasks = readTaskCalls(r, context.refs, r.prop(startObj, 'onExecutionTasks')?.value, 'the onExecutionTasks of the start transition', context.boundaries);
    const platform: { [key: string]: JsonValue } = {};
    const mapping = readScript(r, r.prop(startObj, 'mapping')?.value, 'the mapping of the start transition');
    if (mapping !== undefined) platform.mapping = mapping;
    const schema = context.refs.readProp(startObj, 'schema', 'schemas', 'the start transition');
    if (schema !== undefined) platform.schema = schema;
    const lockProp = r.prop(startObj, 'resourceLock');
    const lock = lockProp && readResourceLock(r, lockProp.value, 'the resourceLock of the start transition');
    if (lock !== undefined) platform.resourceLock = lock;
    start = {
      ...(key !== undefined && { key }),
      ...(labels && Object.keys(labels).length && { labels }),
      ...(roles && { roles }),
      ...(onExecutionTasks && { onExecutionTasks }),
      ...(startStrategy && { versionStrategy: startStrategy }),
      ...(Object.keys(platform).length && { platform }),
    };
  }
  const flowVersionValue = r.prop(obj, 'flowVersion')?.value;
  const flowVersion = r.string(flowVersionValue, 'the flowVersion of the flow');
  const flowVersionProblem = flowVersion === undefined ? undefined : platformVersionProblem(flowVersion, 'flowVersion');
  if (flowVersionProblem) r.error('FS1103', flowVersionValue!.pos, flowVersionProblem.message, flowVersionProblem.hint);
  const platform: { [key: string]: JsonValue } = {};
  for (const [list, kind] of [['functions', 'functions'], ['extensions', 'extensions'], ['features', 'extensions']] as const) {
    const refs = context.refs.readList(r.prop(obj, list)?.value, kind, `the ${list} of the flow`);
    if (refs !== undefined) platform[list] = refs;
  }
  // The master schema: the one generated from the data fields unless the flow names its own (or none: null).
  const schemaProp = r.prop(obj, 'schema');
  if (schemaProp?.value.kind === 'null') platform.schema = null;
  else if (schemaProp) {
    const schema = context.refs.readProp(obj, 'schema', 'schemas', 'the flow');
    if (schema !== undefined) platform.schema = schema;
  }
  const scripts = readScriptsHelpers(r, r.prop(obj, 'scripts')?.value, context);
  if (scripts !== undefined) platform.scripts = scripts;
  const eventMapping = readScript(r, r.prop(obj, 'event')?.value, 'the event of the flow');
  if (eventMapping !== undefined) platform.event = { mapping: eventMapping };
  const output = readScript(r, r.prop(obj, 'output')?.value, 'the output of the flow');
  if (output !== undefined) platform.output = output;
  const config = readConfig(r, r.prop(obj, 'config')?.value);
  if (config !== undefined) platform.config = config;
  const timeout = readTimeout(r, r.prop(obj, 'timeout')?.value, context);
  if (timeout !== undefined) platform.timeout = timeout;
  const queryRoles = readRoles(r, r.prop(obj, 'queryRoles')?.value, 'the queryRoles of the flow');
  const versionStrategy = readVersionStrategy(r, r.prop(obj, 'versionStrategy')?.value, 'the versionStrategy of the flow');
  const cancel = readSpecial(r, obj, 'cancel', 'cancel', true, context);
  const exit = readSpecial(r, obj, 'exit', 'exit', true, context);
  const updateData = readSpecial(r, obj, 'updateData', 'update-data', false, context);
  const errorBoundary = readErrorBoundary(r, r.prop(obj, 'errorBoundary')?.value, 'the errorBoundary of the flow');
  if (errorBoundary) context.boundaries.push(errorBoundary);
  if ([type, tags, start, queryRoles, versionStrategy, cancel, exit, updateData, errorBoundary, flowVersion].every((v) => v === undefined) && Object.keys(platform).length === 0) return undefined;
  return {
    ...(type !== undefined && WORKFLOW_TYPES.includes(type) && { type: type as 'C' | 'F' | 'S' | 'P' }),
    ...(tags !== undefined && tags.length > 0 && { tags }),
    ...(start && { start }),
    ...(queryRoles && { queryRoles }),
    ...(versionStrategy && { versionStrategy }),
    ...(cancel && { cancel }),
    ...(exit && { exit }),
    ...(updateData && { updateData }),
    ...(errorBoundary && { errorBoundary }),
    ...(flowVersion !== undefined && !flowVersionProblem && { flowVersion }),
    ...(Object.keys(platform).length && { platform }),
  };
}

/** What reading a flow's workflow parts collects for the checks that need the whole flow. */
export interface WorkflowContext {
  readonly refs: References;
  /** every error boundary (flow, states, tasks): their rules' transitions are checked against the flow's */
  readonly boundaries: ErrorBoundaryModel[];
  /** targets written outside a state's transitions (timeout, shared transitions), checked against the states */
  readonly targets: { readonly target: string; readonly pos: SourcePos; readonly what: string }[];
}

