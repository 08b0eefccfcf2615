import type { LoadedValue } from '../loader/index.ts';
import { KEY_PATTERN } from './flow.ts';
import type { Reader } from './read.ts';
import type { JsonValue } from './types.ts';
import { readVersionStrategy, type WorkflowContext } from './workflow-options.ts';
import { readScript } from './workflow-parts.ts';

/** Parts of a workflow's attributes read on their own: the timeout, and the scripts' helpers. */

/** The platform's timerConfig duration (whole units; a retry policy's, error-boundary.ts, also takes fractions of seconds). */
const DURATION = /^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?$/;

/** timeout: `{ key?, target, timer: { reset, duration }, versionStrategy?, mapping? }` (key: timeout). */
export function readTimeout(r: Reader, value: LoadedValue | undefined, context: WorkflowContext, what = 'the timeout of the flow', ownStates = true): JsonValue | undefined {
  const obj = r.object(value, what);
  if (!obj) return undefined;
  r.only(obj, ['key', 'target', 'timer', 'versionStrategy', 'mapping'], what);
  const keyValue = r.prop(obj, 'key')?.value;
  const key = r.string(keyValue, `the key of ${what}`) ?? 'timeout';
  if (!KEY_PATTERN.test(key)) r.error('FS1306', keyValue!.pos, `timeout key '${key}' must match ^[a-z0-9-]+$ (the vNext workflow format requires it)`, "use lowercase letters, digits and dashes, as in 'timeout'");
  const targetValue = r.required(obj, 'target', what);
  const target = r.string(targetValue, `the target of ${what}`);
  // A subflow override's timeout names a state of the subflow, which this flow does not know.
  if (ownStates && target !== undefined && target !== '$self') context.targets.push({ target, pos: targetValue!.pos, what: 'the timeout' });
  const timerObj = r.object(r.required(obj, 'timer', what), `the timer of ${what}`);
  let timer: JsonValue | undefined;
  if (timerObj) {
    r.only(timerObj, ['reset', 'duration'], `the timer of ${what}`);
    const reset = r.string(r.required(timerObj, 'reset', `the timer of ${what}`), `the reset of the timer of ${what}`);
    const durationValue = r.required(timerObj, 'duration', `the timer of ${what}`);
    const duration = r.string(durationValue, `the duration of the timer of ${what}`);
    if (duration !== undefined && !DURATION.test(duration)) r.error('FS1313', durationValue!.pos, `the duration of ${what} must be an ISO 8601 duration such as 'P1D' or 'PT30M', not '${duration}'`, 'P<days>DT<hours>H<minutes>M<seconds>S');
    if (reset !== undefined && duration !== undefined && DURATION.test(duration)) timer = { reset, duration };
  }
  const versionStrategy = readVersionStrategy(r, r.prop(obj, 'versionStrategy')?.value, `the versionStrategy of ${what}`);
  const mapping = readScript(r, r.prop(obj, 'mapping')?.value, `the mapping of ${what}`);
  if (target === undefined || timer === undefined || !KEY_PATTERN.test(key)) return undefined;
  return { key, target, ...(versionStrategy && { versionStrategy }), timer, ...(mapping !== undefined && { mapping }) };
}


/** scripts: `{ helpers?: [mapping references], allowedAssemblies?: [names] }` (helpers by key, domain and version: the platform takes no ref form here). */
export function readScriptsHelpers(r: Reader, value: LoadedValue | undefined, context: WorkflowContext): JsonValue | undefined {
  const what = 'the scripts of the flow';
  const obj = r.object(value, what);
  if (!obj) return undefined;
  r.only(obj, ['helpers', 'allowedAssemblies'], what);
  const helpersValue = r.prop(obj, 'helpers')?.value;
  const helpers = context.refs.readList(helpersValue, 'mappings', `the helpers of ${what}`);
  if (helpers?.some((h) => typeof h === 'object' && h !== null && 'ref' in h)) r.error('FS1312', helpersValue!.pos, `the helpers of ${what} must name mappings by key, domain and version`, "the platform takes no { ref } form here: import the defineMapping(...) definition, or write { key, version }");
  const allowedAssemblies = r.strings(r.prop(obj, 'allowedAssemblies')?.value, `allowedAssemblies of ${what}`);
  return { ...(helpers && { helpers }), ...(allowedAssemblies && { allowedAssemblies }) };
}

/** config: `{ functionCache?: { ttlSeconds? } }`, the platform's flow-level settings. */
export function readConfig(r: Reader, value: LoadedValue | undefined): JsonValue | undefined {
  const what = 'the config of the flow';
  const obj = r.object(value, what);
  if (!obj) return undefined;
  r.only(obj, ['functionCache'], what);
  const cache = r.object(r.prop(obj, 'functionCache')?.value, `the functionCache of ${what}`);
  if (!cache) return {};
  r.only(cache, ['ttlSeconds'], `the functionCache of ${what}`);
  const ttlValue = r.prop(cache, 'ttlSeconds')?.value;
  const ttlSeconds = r.number(ttlValue, `ttlSeconds of the functionCache of ${what}`);
  if (ttlSeconds !== undefined && !Number.isInteger(ttlSeconds)) r.error('FS1313', ttlValue!.pos, `ttlSeconds of the functionCache of ${what} must be a whole number`, 'seconds; 0 or less means the host default');
  return { functionCache: ttlSeconds !== undefined && Number.isInteger(ttlSeconds) ? { ttlSeconds } : {} };
}
