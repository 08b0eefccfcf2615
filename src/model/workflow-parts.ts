import type { LoadedValue } from '../loader/index.ts';
import { readErrorBoundary } from './error-boundary.ts';
import type { SourcePos } from './diagnostic.ts';
import type { Reader } from './read.ts';
import type { References } from './references.ts';
import type { ErrorBoundaryModel, JsonValue, TaskCallModel } from './types.ts';

/**
 * The parts a workflow's states and transitions are built from, read into
 * the platform's own JSON form: script code (mappings, rules, timers),
 * task calls, views, resource locks and annotations. Each reader reports
 * what is wrong at its position and gives undefined.
 */

/**
 * script('./src/X.csx') as the platform's scriptCode: `location` as written
 * and `code` the file's bytes in Base64 (the platform's default encoding,
 * B64, left out as its CLI does).
 */
export function readScript(r: Reader, value: LoadedValue | undefined, what: string): JsonValue | undefined {
  if (value === undefined || value.kind === 'invalid') return undefined;
  if (value.kind === 'script') return { location: value.location, code: Buffer.from(value.text, 'utf8').toString('base64') };
  r.error('FS1313', value.pos, `${what} must be a script file`, "write script('./src/MyMapping.csx'), a C# script beside the definition");
  return undefined;
}

/**
 * onEntries, onExits, onExecutionTasks: `[{ task, mapping, order?, errorBoundary? }]`.
 * order defaults to the position in the list (1, 2, …); the error
 * boundaries are kept apart too (`boundaries`) so their transitions are checked.
 */
export function readTaskCalls(r: Reader, refs: References, value: LoadedValue | undefined, what: string, boundaries: ErrorBoundaryModel[]): TaskCallModel[] | undefined {
  const items = r.array(value, what);
  if (!items) return undefined;
  const out: TaskCallModel[] = [];
  items.forEach((item, i) => {
    const which = `task ${i + 1} of ${what}`;
    const obj = r.object(item, which);
    if (!obj) return;
    r.only(obj, ['task', 'mapping', 'order', 'variableKey', 'errorBoundary'], which);
    const variableKey = r.string(r.prop(obj, 'variableKey')?.value, `the variableKey of ${which}`);
    const task = refs.readProp(obj, 'task', 'tasks', which, true);
    const mapping = readScript(r, r.required(obj, 'mapping', which), `the mapping of ${which}`);
    const orderValue = r.prop(obj, 'order')?.value;
    const order = r.number(orderValue, `the order of ${which}`) ?? i + 1;
    if (!Number.isInteger(order) || order < 1) r.error('FS1313', orderValue!.pos, `the order of ${which} must be a whole number of 1 or more, not ${order}`, 'tasks run by order, lowest first');
    const errorBoundary = readErrorBoundary(r, r.prop(obj, 'errorBoundary')?.value, `the errorBoundary of ${which}`);
    if (errorBoundary) boundaries.push(errorBoundary);
    if (task !== undefined && mapping !== undefined) out.push({ order, task, mapping, ...(variableKey !== undefined && { variableKey }), ...(errorBoundary && { errorBoundary }) });
  });
  return out;
}

/**
 * A view: a reference, or `{ view, loadData?, extensions? }`, or rules
 * `{ rules: [{ rule: script(...), view, loadData?, extensions? }], default? }`.
 */
export function readView(r: Reader, refs: References, value: LoadedValue | undefined, what: string, at?: SourcePos): JsonValue | undefined {
  if (value === undefined || value.kind === 'invalid') return undefined;
  const obj = value.kind === 'object' ? value : undefined;
  const has = (name: string) => obj?.props.some((p) => p.key === name) ?? false;
  if (!obj || !(has('view') || has('rules'))) {
    const view = refs.read(value, 'views', what, at);
    return view === undefined ? undefined : { view };
  }
  if (has('rules')) {
    r.only(obj, ['rules', 'default'], what);
    const rules = (r.array(r.prop(obj, 'rules')?.value, `the rules of ${what}`) ?? []).flatMap((item, i) => {
      const rule = viewChoice(r, refs, item, `rule ${i + 1} of ${what}`, true);
      return rule ? [rule] : [];
    });
    if (rules.length === 0) r.error('FS1313', obj.pos, `${what} has no rules`, 'give at least one { rule, view }, or write the view alone');
    const fallback = r.prop(obj, 'default')?.value;
    const chosen = fallback && viewChoice(r, refs, fallback, `the default of ${what}`, false);
    return { rules, ...(chosen && { default: chosen }) };
  }
  return viewChoice(r, refs, obj, what, false);
}

function viewChoice(r: Reader, refs: References, value: LoadedValue, what: string, withRule: boolean): { [key: string]: JsonValue } | undefined {
  const obj = r.object(value, what);
  if (!obj) return undefined;
  r.only(obj, withRule ? ['rule', 'view', 'loadData', 'extensions'] : ['view', 'loadData', 'extensions'], what);
  const rule = withRule ? readScript(r, r.required(obj, 'rule', what), `the rule of ${what}`) : undefined;
  const view = refs.readProp(obj, 'view', 'views', what, true);
  const loadData = r.boolean(r.prop(obj, 'loadData')?.value, `loadData of ${what}`);
  const extensions = r.strings(r.prop(obj, 'extensions')?.value, `the extensions of ${what}`);
  if (view === undefined || (withRule && rule === undefined)) return undefined;
  return { ...(rule !== undefined && { rule }), view, ...(loadData !== undefined && { loadData }), ...(extensions && { extensions }) };
}

const LOCK_ACTIONS = ['Acquire', 'Release', 'Extend'];

/** resourceLock: `{ keyExpression: script(...), action, ttlSeconds?, onConflict? }`. */
export function readResourceLock(r: Reader, value: LoadedValue | undefined, what: string): JsonValue | undefined {
  const obj = r.object(value, what);
  if (!obj) return undefined;
  r.only(obj, ['keyExpression', 'action', 'ttlSeconds', 'onConflict'], what);
  const keyExpression = readScript(r, r.required(obj, 'keyExpression', what), `the keyExpression of ${what}`);
  const actionValue = r.required(obj, 'action', what);
  const action = r.string(actionValue, `the action of ${what}`);
  if (action !== undefined && !LOCK_ACTIONS.includes(action)) r.error('FS1313', actionValue!.pos, `the action of ${what} must be one of ${LOCK_ACTIONS.join(', ')}, not '${action}'`);
  const ttlValue = r.prop(obj, 'ttlSeconds')?.value;
  const ttlSeconds = r.number(ttlValue, `ttlSeconds of ${what}`);
  if (ttlSeconds !== undefined && (!Number.isInteger(ttlSeconds) || ttlSeconds < 1)) r.error('FS1313', ttlValue!.pos, `ttlSeconds of ${what} must be a whole number of 1 or more`);
  const conflictValue = r.prop(obj, 'onConflict')?.value;
  const onConflict = r.string(conflictValue, `onConflict of ${what}`);
  if (onConflict !== undefined && onConflict !== 'Abort') r.error('FS1313', conflictValue!.pos, `onConflict of ${what} must be 'Abort', not '${onConflict}'`, 'the platform aborts the transition when the lock is taken');
  if (keyExpression === undefined || action === undefined || !LOCK_ACTIONS.includes(action)) return undefined;
  return { keyExpression, action, ...(ttlSeconds !== undefined && { ttlSeconds }), ...(onConflict !== undefined && { onConflict }) };
}

/** annotations: `{ name: 'text' }`. */
export function readAnnotations(r: Reader, value: LoadedValue | undefined, what: string): JsonValue | undefined {
  if (value === undefined) return undefined;
  return r.stringMap(value, what);
}
