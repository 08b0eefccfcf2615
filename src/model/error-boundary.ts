import type { LoadedValue } from '../loader/index.ts';
import type { Reader } from './read.ts';
import type { ErrorBoundaryModel, ErrorRuleModel } from './types.ts';

/** The platform's error actions, by their number. */
export const ERROR_ACTIONS = ['abort', 'retry', 'rollback', 'ignore', 'notify', 'log'] as const;
const BACKOFF = ['fixed', 'exponential'];
/** ISO 8601 durations as the platform's schema accepts them (P2D, PT30S, PT0.5S). */
const DURATION = /^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

/**
 * `errorBoundary: { onError: [{ action, errorTypes?, errorCodes?, transition?, priority?, retryPolicy?, logOnly? }] }`
 * on a flow or a state, checked as the platform's schema describes it
 * (FS1311): abort takes no transition, retry needs a retryPolicy, rollback and
 * notify need a transition. Transition keys are checked by the caller, which
 * knows them all. Undefined when not written.
 */
export function readErrorBoundary(r: Reader, value: LoadedValue | undefined, what: string): ErrorBoundaryModel | undefined {
  const obj = r.object(value, what);
  if (!obj) return undefined;
  r.only(obj, ['onError', 'onTimeout'], what);
  const onTimeout = readOnTimeout(r, r.prop(obj, 'onTimeout')?.value, `the onTimeout of ${what}`);
  const list = r.prop(obj, 'onError')?.value;
  if (list === undefined) return { onError: [], ...(onTimeout && { onTimeout }) };
  if (list.kind !== 'array') {
    r.error('FS1311', list.pos, `onError in ${what} must be a list of rules`, "write onError: [{ action: 'retry', retryPolicy: { initialDelay: 'PT5S' } }]");
    return undefined;
  }
  const rules: ErrorRuleModel[] = [];
  list.items.forEach((item, i) => {
    const rule = readRule(r, item, `rule ${i + 1} of ${what}`);
    if (rule) rules.push(rule);
  });
  return { onError: rules, ...(onTimeout && { onTimeout }) };
}

/**
 * onTimeout: `{ action, retryPolicy?, transition? }`, what happens when the
 * operation times out: retry needs a retryPolicy (the platform's
 * defaultRetryPolicy), abort takes no transition, and the transition is a
 * state key of the flow (checked with the states).
 */
function readOnTimeout(r: Reader, value: LoadedValue | undefined, what: string): ErrorBoundaryModel['onTimeout'] {
  const obj = r.object(value, what);
  if (!obj) return undefined;
  r.only(obj, ['action', 'retryPolicy', 'transition'], what);
  const actionValue = r.required(obj, 'action', what);
  const action = r.string(actionValue, `the action of ${what}`);
  const code = action === undefined ? -1 : (ERROR_ACTIONS as readonly string[]).indexOf(action);
  if (action !== undefined && code < 0) r.error('FS1311', actionValue!.pos, `the action of ${what} must be one of ${ERROR_ACTIONS.join(', ')}, not '${action}'`, "the platform's error actions");
  const retryValue = r.prop(obj, 'retryPolicy')?.value;
  const retryPolicy = retryValue === undefined ? undefined : readRetry(r, retryValue, `the retryPolicy of ${what}`);
  const transitionValue = r.prop(obj, 'transition')?.value;
  const transition = r.string(transitionValue, `the transition of ${what}`);
  if (action === 'retry' && retryValue === undefined) r.error('FS1311', actionValue!.pos, `${what} retries, so it needs a retryPolicy`, "add retryPolicy: { initialDelay: 'PT5S' }");
  if (action === 'abort' && transition !== undefined) r.error('FS1311', transitionValue!.pos, `${what} aborts, so it takes no transition`, 'remove transition');
  if (code < 0) return undefined;
  return { action: code, ...(retryPolicy && { defaultRetryPolicy: retryPolicy }), ...(transition !== undefined && { transition, transitionPos: transitionValue!.pos }) };
}

function readRule(r: Reader, value: LoadedValue, what: string): ErrorRuleModel | undefined {
  const obj = r.object(value, what);
  if (!obj) return undefined;
  r.only(obj, ['action', 'errorTypes', 'errorCodes', 'transition', 'priority', 'retryPolicy', 'logOnly'], what);
  const actionValue = r.required(obj, 'action', what);
  const action = r.string(actionValue, `the action of ${what}`);
  const code = action === undefined ? -1 : (ERROR_ACTIONS as readonly string[]).indexOf(action);
  if (action !== undefined && code < 0) r.error('FS1311', actionValue!.pos, `the action of ${what} must be one of ${ERROR_ACTIONS.join(', ')}, not '${action}'`, "the platform's error actions");
  const errorTypes = nonEmptyStrings(r, r.prop(obj, 'errorTypes')?.value, `the errorTypes of ${what}`);
  const errorCodes = nonEmptyStrings(r, r.prop(obj, 'errorCodes')?.value, `the errorCodes of ${what}`);
  const transitionValue = r.prop(obj, 'transition')?.value;
  const transition = r.string(transitionValue, `the transition of ${what}`);
  const priorityValue = r.prop(obj, 'priority')?.value;
  const priority = r.number(priorityValue, `the priority of ${what}`);
  if (priority !== undefined && (!Number.isInteger(priority) || priority < 1)) r.error('FS1311', priorityValue!.pos, `the priority of ${what} must be a whole number from 1 (lower is evaluated first)`, 'the platform uses 100 by default, 999 for a fallback');
  const logOnly = r.boolean(r.prop(obj, 'logOnly')?.value, `logOnly of ${what}`);
  const retryValue = r.prop(obj, 'retryPolicy')?.value;
  const retryPolicy = retryValue === undefined ? undefined : readRetry(r, retryValue, `the retryPolicy of ${what}`);
  if (action === 'abort' && transition !== undefined) r.error('FS1311', transitionValue!.pos, `${what} aborts, so it takes no transition`, 'remove transition, or use rollback or notify');
  if ((action === 'rollback' || action === 'notify') && transition === undefined) r.error('FS1311', actionValue!.pos, `${what} (${action}) needs a transition: the transition key to take`, "add transition: 'a-transition-key'");
  if (action === 'retry' && retryValue === undefined) r.error('FS1311', actionValue!.pos, `${what} retries, so it needs a retryPolicy`, "add retryPolicy: { initialDelay: 'PT5S' }");
  if (code < 0) return undefined;
  return {
    action: code,
    ...(errorTypes && { errorTypes }),
    ...(errorCodes && { errorCodes }),
    ...(transition !== undefined && { transition, transitionPos: transitionValue!.pos }),
    ...(priority !== undefined && { priority }),
    ...(retryPolicy && { retryPolicy }),
    ...(logOnly !== undefined && { logOnly }),
  };
}

function readRetry(r: Reader, value: LoadedValue, what: string): ErrorRuleModel['retryPolicy'] {
  const obj = r.object(value, what);
  if (!obj) return undefined;
  r.only(obj, ['maxRetries', 'initialDelay', 'backoffType', 'backoffMultiplier', 'maxDelay', 'useJitter'], what);
  const duration = (prop: string, required: boolean) => {
    const v = required ? r.required(obj, prop, what) : r.prop(obj, prop)?.value;
    const text = r.string(v, `${prop} of ${what}`);
    if (text !== undefined && !DURATION.test(text)) r.error('FS1311', v!.pos, `${prop} of ${what} must be an ISO 8601 duration, not '${text}'`, "as in 'PT5S' (5 seconds), 'PT2M', 'P1D'");
    return text;
  };
  const initialDelay = duration('initialDelay', true);
  const maxDelay = duration('maxDelay', false);
  const maxRetriesValue = r.prop(obj, 'maxRetries')?.value;
  const maxRetries = r.number(maxRetriesValue, `maxRetries of ${what}`);
  if (maxRetries !== undefined && (!Number.isInteger(maxRetries) || maxRetries < 0)) r.error('FS1311', maxRetriesValue!.pos, `maxRetries of ${what} must be a whole number from 0`, 'the platform retries 3 times by default');
  const backoffValue = r.prop(obj, 'backoffType')?.value;
  const backoff = r.string(backoffValue, `backoffType of ${what}`);
  if (backoff !== undefined && !BACKOFF.includes(backoff)) r.error('FS1311', backoffValue!.pos, `backoffType of ${what} must be 'fixed' or 'exponential', not '${backoff}'`, 'exponential is the default');
  const multiplierValue = r.prop(obj, 'backoffMultiplier')?.value;
  const multiplier = r.number(multiplierValue, `backoffMultiplier of ${what}`);
  if (multiplier !== undefined && multiplier < 1) r.error('FS1311', multiplierValue!.pos, `backoffMultiplier of ${what} must be 1 or more`, 'the platform uses 2 by default');
  const useJitter = r.boolean(r.prop(obj, 'useJitter')?.value, `useJitter of ${what}`);
  if (initialDelay === undefined) return undefined;
  return {
    initialDelay,
    // the platform's numbers: 0 fixed, 1 exponential
    ...(maxRetries !== undefined && { maxRetries }),
    ...(backoff !== undefined && BACKOFF.includes(backoff) && { backoffType: BACKOFF.indexOf(backoff) }),
    ...(multiplier !== undefined && { backoffMultiplier: multiplier }),
    ...(maxDelay !== undefined && { maxDelay }),
    ...(useJitter !== undefined && { useJitter }),
  };
}

function nonEmptyStrings(r: Reader, value: LoadedValue | undefined, what: string): string[] | undefined {
  const list = r.strings(value, what);
  if (list?.some((s) => s.trim() === '')) r.error('FS1311', value!.pos, `${what} holds an empty entry`, "name each one, or use '*' to match all");
  return list;
}
