import { TsCode } from '../codegen/ts-escape.ts';
import { tsRawCall } from './code.ts';
import { entriesOf, printTs, TsEntries, type TsValue } from './ts-value.ts';

/**
 * Values a workflow repeats, written once as consts where that reads
 * better: a task call, a list of role grants or an external reference that
 * appears twice or more and is not short. Each becomes `const <name> = …`
 * before the definition, named after what it holds (`notifyCustomerCall`,
 * `customerRoles`, `customerProfileFunction`), and every use names it. The
 * loader reads consts, so the definition compiles to the same JSON.
 */
export interface SharedConst {
  readonly name: string;
  readonly value: TsValue;
}

const MIN_LENGTH = 40;

export function extractConsts(value: Record<string, TsValue>, taken: ReadonlySet<string>): { value: Record<string, TsValue>; consts: SharedConst[] } {
  // Every subtree's text, printed once (a workflow nests its objects deep: printing each at every level would be quadratic).
  const texts = new WeakMap<object, string>();
  const textOf = (node: TsValue): string => {
    if (typeof node !== 'object' || node === null) return printTs(node);
    let text = texts.get(node);
    if (text === undefined) texts.set(node, (text = printTs(node)));
    return text;
  };
  const counts = new Map<string, number>();
  walk(value, (node) => {
    const text = textOf(node);
    if (nameOf(node) !== undefined && text.length >= MIN_LENGTH) counts.set(text, (counts.get(text) ?? 0) + 1);
  });
  const names = new Map<string, string>();
  const consts: SharedConst[] = [];
  const used = new Set(taken);
  const replace = (node: TsValue): TsValue => {
    const text = typeof node === 'object' && node !== null && !TsCode.is(node) ? textOf(node) : undefined;
    if (text !== undefined && (counts.get(text) ?? 0) >= 2) {
      let name = names.get(text);
      if (!name) {
        const base = nameOf(node)!;
        name = base;
        for (let i = 2; used.has(name); i++) name = `${base}${i}`;
        used.add(name);
        names.set(text, name);
        consts.push({ name, value: node });
      }
      return tsRawCall(name);
    }
    if (Array.isArray(node)) return node.map(replace);
    if (node instanceof TsEntries) return new TsEntries(node.entries.map(([k, v]) => [k, replace(v)] as const));
    if (typeof node === 'object' && node !== null && !TsCode.is(node)) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, replace(v)]));
    return node;
  };
  return { value: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)])), consts };
}

/** Visits every object and array, outermost first. */
function walk(node: TsValue, visit: (node: TsValue) => void): void {
  if (typeof node !== 'object' || node === null || TsCode.is(node)) return;
  visit(node);
  for (const child of Array.isArray(node) ? node : entriesOf(node).map(([, v]) => v)) walk(child, visit);
}

/** A name for a value worth a const, or undefined for one that is not. */
function nameOf(node: TsValue): string | undefined {
  if (typeof node !== 'object' || node === null || TsCode.is(node) || node instanceof TsEntries) return undefined;
  if (Array.isArray(node)) {
    const grants = node.every((g) => typeof g === 'object' && g !== null && !Array.isArray(g) && !TsCode.is(g) && typeof (g as Record<string, TsValue>).role === 'string');
    if (!grants || node.length === 0) return undefined;
    const roles = node.map((g) => (g as Record<string, TsValue>).role as string).slice(0, 3);
    return `${camel(roles.join('-'))}Roles`;
  }
  const obj = node as Record<string, TsValue>;
  if ('task' in obj && 'mapping' in obj) {
    const task = obj.task;
    const key = TsCode.is(task) ? task.text.replace(/Task$/, '') : typeof task === 'object' && task !== null && !Array.isArray(task) && typeof (task as Record<string, TsValue>).key === 'string' ? camel((task as Record<string, TsValue>).key as string) : 'task';
    return `${key}Call`;
  }
  if (obj.external === true && typeof obj.key === 'string') return `${camel(obj.key)}Reference`;
  return undefined;
}

/** `loan-officer` → `loanOfficer`; never empty, never starting with a digit. */
function camel(text: string): string {
  const words = text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const name = words.map((w, i) => (i === 0 ? w : `${w[0]!.toUpperCase()}${w.slice(1)}`)).join('').slice(0, 40) || 'shared';
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** `const name = value as const;` lines (literal types, so a grant is 'allow', not string), in the order first met. */
export function printConsts(consts: readonly SharedConst[]): string {
  return consts.map((c) => `const ${c.name} = ${printTs(c.value, 0, `const ${c.name} = `.length)} as const;\n`).join('');
}
