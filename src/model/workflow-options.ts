import type { LoadedValue } from '../loader/index.ts';
import { readErrorBoundary } from './error-boundary.ts';
import { KEY_PATTERN } from './flow.ts';
import type { Reader } from './read.ts';
import type { FlowModel, RoleGrant, SpecialTransition, VersionStrategy } from './types.ts';
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

/** cancel, exit (with a target state, checked with the states) or updateData (always the current state). */
function readSpecial(r: Reader, obj: NonNullable<ReturnType<Reader['object']>>, prop: string, defaultKey: string, hasTarget: boolean): SpecialTransition | undefined {
  const what = `the ${prop} transition`;
  const value = r.prop(obj, prop)?.value;
  const special = r.object(value, what);
  if (!special) return undefined;
  r.only(special, hasTarget ? ['key', 'target', 'labels', 'roles'] : ['key', 'labels', 'roles'], what);
  const keyValue = r.prop(special, 'key')?.value;
  const key = r.string(keyValue, `the key of ${what}`) ?? defaultKey;
  if (!KEY_PATTERN.test(key)) r.error('FS1306', keyValue!.pos, `${prop} transition key '${key}' must match ^[a-z0-9-]+$ (the vNext workflow format requires it)`, `use lowercase letters, digits and dashes, as in '${defaultKey}'`);
  const targetValue = hasTarget ? r.required(special, 'target', what) : undefined;
  const target = targetValue && r.string(targetValue, `the target of ${what}`);
  const labelsProp = r.prop(special, 'labels');
  const labels = labelsProp ? readLabels(r, labelsProp, `the labels of ${what}`) : undefined;
  const roles = readRoles(r, r.prop(special, 'roles')?.value, `the roles of ${what}`);
  return { key, ...(target !== undefined && { target }), ...(labels && Object.keys(labels).length && { labels }), ...(roles && { roles }), pos: (targetValue ?? value)!.pos };
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
export function readWorkflowOptions(r: Reader, obj: NonNullable<ReturnType<Reader['object']>>): FlowModel['workflow'] {
  const typeValue = r.prop(obj, 'type')?.value;
  const type = r.string(typeValue, 'the workflow type');
  if (type !== undefined && !WORKFLOW_TYPES.includes(type))
    r.error('FS1308', typeValue!.pos, `the workflow type must be 'C', 'F', 'S' or 'P', not '${type}'`, 'C core, F flow (the default), S subflow, P sub-process');
  const tagsValue = r.prop(obj, 'tags')?.value;
  const tags = r.strings(tagsValue, 'the workflow tags');
  if (tags !== undefined && tags.length === 0) r.error('FS1308', tagsValue!.pos, 'the workflow tags must not be empty', 'leave tags out (the domain is the tag), or name at least one');
  const startObj = r.object(r.prop(obj, 'start')?.value, 'the start transition');
  let start: { key?: string; labels?: { [lang: string]: string } } | undefined;
  if (startObj) {
    r.only(startObj, ['key', 'labels', 'roles'], 'the start transition');
    const keyValue = r.prop(startObj, 'key')?.value;
    const key = r.string(keyValue, 'the start transition key');
    if (key !== undefined && !KEY_PATTERN.test(key)) r.error('FS1306', keyValue!.pos, `start transition key '${key}' must match ^[a-z0-9-]+$ (the vNext workflow format requires it)`, "use lowercase letters, digits and dashes, as in 'start'");
    const labelsProp = r.prop(startObj, 'labels');
    const labels = labelsProp ? readLabels(r, labelsProp, 'the labels of the start transition') : undefined;
    const roles = readRoles(r, r.prop(startObj, 'roles')?.value, 'the roles of the start transition');
    start = { ...(key !== undefined && { key }), ...(labels && Object.keys(labels).length && { labels }), ...(roles && { roles }) };
  }
  const queryRoles = readRoles(r, r.prop(obj, 'queryRoles')?.value, 'the queryRoles of the flow');
  const versionStrategy = readVersionStrategy(r, r.prop(obj, 'versionStrategy')?.value, 'the versionStrategy of the flow');
  const cancel = readSpecial(r, obj, 'cancel', 'cancel', true);
  const exit = readSpecial(r, obj, 'exit', 'exit', true);
  const updateData = readSpecial(r, obj, 'updateData', 'update-data', false);
  const errorBoundary = readErrorBoundary(r, r.prop(obj, 'errorBoundary')?.value, 'the errorBoundary of the flow');
  if ([type, tags, start, queryRoles, versionStrategy, cancel, exit, updateData, errorBoundary].every((v) => v === undefined)) return undefined;
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
  };
}

