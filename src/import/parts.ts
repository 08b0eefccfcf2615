import { posix } from 'node:path';
import { tsRawCall } from './code.ts';
import type { ComponentKind, FileContext } from './context.ts';
import { REF_PATTERN, REFERENCE_FOLDER } from '../model/references.ts';
import { KIND_OF_FLOW, SAFE_LOCATION, safeName } from './names.ts';
import type { TsValue } from './ts-value.ts';

/**
 * The parts of a vNext workflow read back into the DSL's form: labels,
 * roles, scripts, references, task calls, views, error boundaries. Each
 * reports at its JSON path what it cannot express and gives undefined.
 */

type Json = unknown;
type Obj = Record<string, unknown>;

export const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const KEY = /^[a-z0-9-]+$/;

/** [{ language, label }] → { language: label }. */
export function importLabels(ctx: FileContext, value: Json, path: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    ctx.warn(path, 'labels must be a list of { language, label }: left out');
    return undefined;
  }
  const out: Record<string, string> = {};
  value.forEach((l, i) => {
    if (isObj(l) && typeof l.language === 'string' && typeof l.label === 'string' && !Object.hasOwn(out, l.language)) {
      out[l.language] = l.label;
      ctx.leftovers(l, ['language', 'label'], `${path}[${i}]`);
    } else ctx.warn(`${path}[${i}]`, 'a label that is not { language, label } with a new language: left out');
  });
  return out;
}

/** Role grants as they are, when they have the platform's shape. */
export function importRoles(ctx: FileContext, value: Json, path: string): TsValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value) && value.every((g) => isObj(g) && typeof g.role === 'string' && (g.grant === 'allow' || g.grant === 'deny') && Object.keys(g).length === 2))
    return value.map((g) => ({ role: (g as Obj).role as string, grant: (g as Obj).grant as string }));
  ctx.warn(path, "role grants that are not [{ role, grant: 'allow' | 'deny' }]: left out");
  return undefined;
}

/**
 * A scriptCode as `script('./src/X.csx')`, the file written beside the
 * definition with the code's bytes. The location is kept when it is a plain
 * relative path (./ then plain names, .csx); another one, or none, becomes
 * `./src/<name>.csx`, reported, as is a location two different codes share.
 */
export function importScript(ctx: FileContext, value: Json, path: string, name: string): TsValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObj(value) || typeof value.code !== 'string') {
    ctx.warn(path, 'a script without code (a global script, or a reference to a mapping): not expressed by the DSL, left out');
    return undefined;
  }
  const encoding = value.encoding ?? 'B64';
  if (encoding !== 'B64' && encoding !== 'NAT') {
    ctx.warn(path, `a script of encoding ${JSON.stringify(encoding)}: not expressed by the DSL, left out`);
    return undefined;
  }
  if (value.type !== undefined && value.type !== 'L') ctx.warn(`${path}.type`, `script type ${JSON.stringify(value.type)}: written as a local script (L)`);
  if (encoding === 'NAT') ctx.warn(`${path}.encoding`, 'a plain-text (NAT) script: written to a file, and compile encodes it in Base64');
  ctx.leftovers(value, ['code', 'location', 'encoding', 'type'], path);
  const bytes = encoding === 'NAT' ? Buffer.from(value.code, 'utf8') : Buffer.from(value.code, 'base64');
  if (encoding === 'B64' && bytes.toString('base64') !== value.code.replace(/\s/g, '')) ctx.warn(`${path}.code`, 'the code is not canonical Base64: written as decoded');
  if (Buffer.from(bytes.toString('utf8'), 'utf8').compare(bytes) !== 0) ctx.warn(`${path}.code`, 'the code is not UTF-8 text: compile will encode it differently');
  const written = typeof value.location === 'string' ? value.location : undefined;
  let location = written !== undefined && SAFE_LOCATION.test(written) ? written : `./src/${safeName(name)}.csx`;
  if (written === undefined) ctx.warn(path, `a script without a location: written to ${location}`);
  else if (location !== written) ctx.warn(`${path}.location`, `location ${JSON.stringify(written)} is not a plain relative .csx path: written to ${location}`);
  const file = (loc: string) => posix.join(posix.dirname(ctx.file), loc);
  for (let i = 2; ctx.scripts.has(file(location)) && ctx.scripts.get(file(location))!.compare(bytes) !== 0; i++) {
    const next = location.replace(/(-\d+)?\.csx$/, `-${i}.csx`);
    if (i === 2) ctx.warn(`${path}.location`, `${location} holds other code elsewhere in this file: written to ${next}`);
    location = next;
  }
  ctx.scripts.set(file(location), bytes);
  return tsRawCall('script', location);
}

/**
 * A reference to a component of `kind`: the imported definition itself when
 * it is imported too (an import of its file), else `{ key, domain?, version,
 * external: true }` (domain left out when it is the flow's); the platform's
 * `{ ref }` form stays, external unless the component is imported.
 */
export function importReference(ctx: FileContext, value: Json, kind: ComponentKind, path: string): TsValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObj(value)) {
    ctx.warn(path, 'a reference that is not an object: left out');
    return undefined;
  }
  if (typeof value.ref === 'string') {
    const m = REF_PATTERN.exec(value.ref);
    const found = m && ctx.components.find((c) => c.kind === kind && c.key === m[2] && c.domain === ctx.domain);
    ctx.leftovers(value, ['ref'], path);
    if (!found) return { ref: value.ref, external: true };
    const flat = `${REFERENCE_FOLDER[kind]}/${found.key}.json`;
    if (flat !== value.ref) ctx.warn(`${path}.ref`, `ref ${JSON.stringify(value.ref)}: written as ${flat}, where the package compile writes keeps it`);
    return { ref: flat };
  }
  const { key, domain, version, flow } = value;
  if (typeof key !== 'string' || typeof domain !== 'string' || typeof version !== 'string' || !KEY.test(key) || !KEY.test(domain)) {
    ctx.warn(path, 'a reference without a key, domain and version of the platform\'s form: left out');
    return undefined;
  }
  if (typeof flow === 'string' && KIND_OF_FLOW[flow] !== kind) ctx.warn(`${path}.flow`, `flow ${JSON.stringify(flow)}: a ${kind.slice(0, -1)} reference is written with its kind's flow`);
  ctx.leftovers(value, ['key', 'domain', 'version', 'flow'], path);
  const found = ctx.components.find((c) => c.kind === kind && c.key === key && c.domain === domain && c.version === version);
  if (found) return tsRawCall(ctx.importName(found));
  return { key, ...(domain !== ctx.domain && { domain }), version, external: true };
}

/** Task calls: [{ task, mapping, order?, variableKey?, errorBoundary? }], order left out where it is the position. */
export function importTaskCalls(ctx: FileContext, value: Json, path: string, name: string): TsValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    ctx.warn(path, 'tasks that are not a list: left out');
    return undefined;
  }
  if (value.length === 0) return undefined;
  return value.flatMap((call, i) => {
    const at = `${path}[${i}]`;
    if (!isObj(call)) {
      ctx.warn(at, 'a task call that is not an object: left out');
      return [];
    }
    const task = importReference(ctx, call.task, 'tasks', `${at}.task`);
    const mapping = importScript(ctx, call.mapping, `${at}.mapping`, `${name}-${i + 1}`);
    const errorBoundary = importErrorBoundary(ctx, call.errorBoundary, `${at}.errorBoundary`);
    ctx.leftovers(call, ['task', 'mapping', 'order', 'variableKey', 'errorBoundary'], at);
    if (task === undefined || mapping === undefined) {
      ctx.warn(at, 'a task call without a task or a mapping the DSL can express: left out');
      return [];
    }
    const order = typeof call.order === 'number' && Number.isInteger(call.order) && call.order >= 1 ? call.order : undefined;
    if (order === undefined) ctx.warn(`${at}.order`, 'no order of 1 or more: its position is its order');
    return [{ task, mapping, ...(order !== undefined && order !== i + 1 && { order }), ...(typeof call.variableKey === 'string' && { variableKey: call.variableKey }), ...(errorBoundary !== undefined && { errorBoundary }) }];
  });
}

const ACTIONS = ['abort', 'retry', 'rollback', 'ignore', 'notify', 'log'];
const BACKOFF = ['fixed', 'exponential'];

/** An error boundary with the actions (and backoff types) by name. */
export function importErrorBoundary(ctx: FileContext, value: Json, path: string): TsValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObj(value)) {
    ctx.warn(path, 'an error boundary that is not an object: left out');
    return undefined;
  }
  ctx.leftovers(value, ['onError', 'onTimeout'], path);
  const rules = Array.isArray(value.onError) ? value.onError : [];
  let onTimeout: Record<string, TsValue> | undefined;
  if (isObj(value.onTimeout)) {
    const t = value.onTimeout;
    ctx.leftovers(t, ['action', 'defaultRetryPolicy', 'transition'], `${path}.onTimeout`);
    if (typeof t.action === 'number' && ACTIONS[t.action] !== undefined)
      onTimeout = {
        action: ACTIONS[t.action]!,
        ...(isObj(t.defaultRetryPolicy) && { retryPolicy: retryPolicy(ctx, t.defaultRetryPolicy, `${path}.onTimeout.defaultRetryPolicy`) }),
        ...(typeof t.transition === 'string' && t.transition !== '' && { transition: t.transition }),
      };
    else ctx.warn(`${path}.onTimeout`, 'an onTimeout without an action of the platform (0-5): left out');
  }
  return {
    ...(onTimeout && { onTimeout }),
    onError: rules.flatMap((rule, i) => {
      const at = `${path}.onError[${i}]`;
      if (!isObj(rule) || typeof rule.action !== 'number' || ACTIONS[rule.action] === undefined) {
        ctx.warn(at, 'an error rule without an action of the platform (0-5): left out');
        return [];
      }
      ctx.leftovers(rule, ['action', 'errorTypes', 'errorCodes', 'transition', 'priority', 'retryPolicy', 'logOnly'], at);
      const out: Record<string, TsValue> = { action: ACTIONS[rule.action]! };
      // An empty transition is none (the platform's schema asks an abort for one of length 0).
      for (const k of ['errorTypes', 'errorCodes', 'transition', 'priority', 'logOnly'] as const) if (rule[k] !== undefined && rule[k] !== null && rule[k] !== '') out[k] = rule[k] as TsValue;
      if (isObj(rule.retryPolicy)) out.retryPolicy = retryPolicy(ctx, rule.retryPolicy, `${at}.retryPolicy`);
      return [out];
    }),
  };
}

/** A retry policy, its backoff type by name. */
function retryPolicy(ctx: FileContext, value: Obj, path: string): Record<string, TsValue> {
  const keys = ['maxRetries', 'initialDelay', 'backoffType', 'backoffMultiplier', 'maxDelay', 'useJitter'];
  ctx.leftovers(value, keys, path);
  // In the JSON's order; the backoff type by name.
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k, v]) => keys.includes(k) && v !== null && (k !== 'backoffType' || (typeof v === 'number' && BACKOFF[v] !== undefined)))
      .map(([k, v]) => [k, k === 'backoffType' ? BACKOFF[v as number]! : (v as TsValue)]),
  );
}

/** A view: a reference alone when that is all, `{ view, loadData?, extensions? }`, or the rules form. */
export function importView(ctx: FileContext, value: Json, path: string, name: string): TsValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObj(value)) {
    ctx.warn(path, 'a view that is not an object: left out');
    return undefined;
  }
  const choice = (v: Obj, at: string, withRule: boolean): Record<string, TsValue> | undefined => {
    const view = importReference(ctx, v.view, 'views', `${at}.view`);
    const rule = withRule ? importScript(ctx, v.rule, `${at}.rule`, `${name}-rule`) : undefined;
    ctx.leftovers(v, withRule ? ['rule', 'view', 'loadData', 'extensions'] : ['view', 'loadData', 'extensions'], at);
    if (view === undefined || (withRule && rule === undefined)) return undefined;
    return { ...(rule !== undefined && { rule }), view, ...(typeof v.loadData === 'boolean' && { loadData: v.loadData }), ...(Array.isArray(v.extensions) && { extensions: v.extensions as TsValue }) };
  };
  if (Array.isArray(value.rules)) {
    const rules = value.rules.flatMap((r, i) => (isObj(r) ? [choice(r, `${path}.rules[${i}]`, true)].filter((x) => x !== undefined) : []));
    const fallback = isObj(value.default) ? choice(value.default, `${path}.default`, false) : undefined;
    ctx.leftovers(value, ['rules', 'default'], path);
    return { rules, ...(fallback && { default: fallback }) };
  }
  return choice(value, path, false);
}
