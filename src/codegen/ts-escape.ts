/**
 * Escaping for generated TypeScript, one function per context a value can be
 * written into. Definitions are hostile input: any table, column, enum or
 * data-field name, comment or file path may hold `*\/`, quotes, backticks,
 * `${`, backslashes or line terminators, and must come out as the same text,
 * never as code.
 *
 * Code (a literal, a key, an identifier, a type) is a `TsCode`, which only
 * this module can make, from escaped parts; templates print it through a
 * helper that refuses a plain string. Text for comments and template
 * literals is a plain string: it is safe only in the context it was made for.
 */

const MINT = Symbol('TsCode');

/** TypeScript source made by this module; print it with the `tsCode` template helper. */
export class TsCode {
  readonly #text: string;
  constructor(mint: symbol, text: string) {
    if (mint !== MINT) throw new TypeError('TsCode is made only by src/codegen/ts-escape.ts, from escaped parts');
    this.#text = text;
  }

  get text(): string {
    return this.#text;
  }

  /** True only for values this module made (a look-alike object has no private field). */
  static is(value: unknown): value is TsCode {
    return typeof value === 'object' && value !== null && #text in value;
  }
}

/** A property key: it also knows how to be read (`o.key` or `o["key"]`). */
export class TsKey extends TsCode {
  readonly #access: string;
  constructor(mint: symbol, text: string, access: string) {
    super(mint, text);
    this.#access = access;
  }

  get access(): string {
    return this.#access;
  }

  static isKey(value: unknown): value is TsKey {
    return typeof value === 'object' && value !== null && #access in value;
  }
}

const code = (text: string) => new TsCode(MINT, text);

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new TypeError(`${what} takes a string, got ${TsCode.is(value) ? 'TsCode' : typeof value}`);
  return value;
}

function codeOf(value: unknown, what: string): TsCode {
  if (!TsCode.is(value)) throw new TypeError(`${what} takes TsCode made by src/codegen/ts-escape.ts, got ${typeof value === 'string' ? 'a plain string' : typeof value}`);
  return value;
}

/**
 * Characters that JSON.stringify leaves raw but that are line terminators for
 * some tool (U+2028, U+2029, NEL and the other C1 controls), invisible
 * reordering controls (bidi overrides: "Trojan Source"), or a BOM.
 */
const UNSAFE_IN_STRING = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
/** Every control character, line terminator, bidi control and BOM, and lone surrogates (which UTF-8 cannot hold). */
const UNSAFE_IN_TEXT = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const unicodeEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
const visibleEscape = (c: string) => SHORT_ESCAPES[c] ?? unicodeEscape(c);

/** A double-quoted string literal (JSON's escaping, plus \u2028, \u2029 and the other characters above as \uXXXX). */
export function tsString(value: string): TsCode {
  return code(JSON.stringify(text(value, 'tsString')).replace(UNSAFE_IN_STRING, unicodeEscape));
}

/**
 * A single-quoted string literal, as people write definitions: tsString's
 * escaping with the quotes swapped. In JSON.stringify's output every `"` is
 * escaped, so each `\"` is one escaped quote and becomes `"`; each `'` becomes `\'`.
 */
export function tsSingleQuoted(value: string): TsCode {
  const double = tsString(value).text;
  return code(`'${double.slice(1, -1).replace(/\\"|'|\\\\/g, (m) => (m === "'" ? "\\'" : m === '\\"' ? '"' : m))}'`);
}

/** A JSON-like value (strings, finite numbers, booleans, null, arrays, plain objects) as a literal, formatted like JSON.stringify. */
export function tsLiteral(value: unknown): TsCode {
  return code(literal(value));
}

function literal(value: unknown): string {
  if (typeof value === 'string') return tsString(value).text;
  if (typeof value === 'number' && Number.isFinite(value)) return JSON.stringify(value);
  if (typeof value === 'boolean' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(',')}]`;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${tsQuotedKey(k).text}:${literal(v)}`).join(',')}}`;
  throw new TypeError(`tsLiteral takes JSON-like data, got ${TsCode.is(value) ? 'TsCode' : typeof value}`);
}

/** Text for inside a `//` comment: line terminators and other controls become visible escapes (`\n`, `\u2028`), so it stays one line. */
export function tsLineComment(value: string): string {
  return text(value, 'tsLineComment').replace(UNSAFE_IN_TEXT, visibleEscape);
}

/**
 * Text for inside a `/* *\/` or `/** *\/` comment: one line as in a `//`
 * comment; `*\/` written `*\\/`, a leading `/` and a trailing `*` escaped too,
 * so no neighbouring template text can complete a terminator; `@` written
 * `\@` so no JSDoc tag (`@param`, `{@link}`) can start.
 */
export function tsBlockComment(value: string): string {
  return tsLineComment(text(value, 'tsBlockComment'))
    .replace(/\*\//g, '*\\/')
    .replace(/^\//, '\\/')
    .replace(/\*$/, '*\\')
    .replace(/@/g, '\\@');
}

/** Text for inside a template literal: `\`, backtick and `$` (so no `${`) escaped, line terminators and controls as escapes. */
export function tsTemplateText(value: string): string {
  return text(value, 'tsTemplateText').replace(/[\\`$]/g, (c) => `\\${c}`).replace(UNSAFE_IN_TEXT, visibleEscape);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A property key that is always quoted: a string literal, or `["__proto__"]`
 * (a quoted `__proto__` key in an object literal would set the prototype;
 * the computed form defines the property).
 */
export function tsQuotedKey(name: string): TsKey {
  const quoted = tsString(text(name, 'tsQuotedKey')).text;
  return name === '__proto__' ? new TsKey(MINT, `[${quoted}]`, `[${quoted}]`) : new TsKey(MINT, quoted, `[${quoted}]`);
}

/** A property key: bare when an ASCII identifier (reserved words are valid property names), else quoted (tsQuotedKey). */
export function tsPropertyKey(name: string): TsKey {
  if (IDENTIFIER.test(text(name, 'tsPropertyKey')) && name !== '__proto__') return new TsKey(MINT, name, `.${name}`);
  return tsQuotedKey(name);
}

/** Reads a property: `object.key` or `object["key"]`. */
export function tsMemberAccess(object: TsCode, key: TsKey): TsCode {
  if (!TsKey.isKey(key)) throw new TypeError('tsMemberAccess takes a key made by tsPropertyKey or tsQuotedKey');
  return code(`${codeOf(object, 'tsMemberAccess').text}${key.access}`);
}

const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends',
  'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this',
  'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements', 'interface', 'package',
  'private', 'protected', 'public', 'await', 'arguments', 'eval',
  // type names TypeScript reserves
  'any', 'boolean', 'number', 'string', 'symbol', 'bigint', 'object', 'never', 'unknown', 'type',
]);

/**
 * An identifier for a declaration (type, class, method): characters outside
 * [A-Za-z0-9_$] dropped, `_` before a leading digit, `_` after a reserved word.
 * Different inputs can give one identifier: callers keep their names unique.
 */
export function tsIdentifier(name: string): TsCode {
  let id = text(name, 'tsIdentifier').replace(/[^A-Za-z0-9_$]/g, '');
  if (id === '' || /^[0-9]/.test(id)) id = `_${id}`;
  if (RESERVED.has(id)) id = `${id}_`;
  return code(id);
}

const TYPE_NAMES = new Set(['string', 'number', 'boolean', 'unknown', 'never', 'null', 'Date', 'Buffer']);

/** One of a fixed set of built-in type names. */
export function tsTypeName(name: 'string' | 'number' | 'boolean' | 'unknown' | 'never' | 'null' | 'Date' | 'Buffer'): TsCode {
  if (!TYPE_NAMES.has(text(name, 'tsTypeName'))) throw new TypeError(`tsTypeName: '${name}' is not a built-in type name`);
  return code(name);
}

/** A union of string-literal types: `"a" | "b"` (`never` when empty). */
export function tsLiteralUnion(values: readonly string[]): TsCode {
  return values.length === 0 ? code('never') : code(values.map((v) => tsString(v).text).join(' | '));
}

/** A union of types: `a | b` (`never` when empty). */
export function tsUnion(types: readonly TsCode[]): TsCode {
  return types.length === 0 ? code('never') : code(types.map((t) => codeOf(t, 'tsUnion').text).join(' | '));
}

/** `(type)` */
export function tsParenthesized(type: TsCode): TsCode {
  return code(`(${codeOf(type, 'tsParenthesized').text})`);
}

/** `type[]` */
export function tsArrayType(type: TsCode): TsCode {
  return code(`${codeOf(type, 'tsArrayType').text}[]`);
}

/** The members of an object type, `key: type; key2: type2` (the braces are the template's). */
export function tsTypeMembers(members: readonly (readonly [TsKey, TsCode])[]): TsCode {
  return code(members.map(([k, t]) => `${codeOf(k, 'tsTypeMembers').text}: ${codeOf(t, 'tsTypeMembers').text}`).join('; '));
}

/** A call: `callee(arg, …)`. */
export function tsCall(callee: TsCode, args: readonly TsCode[]): TsCode {
  return code(`${codeOf(callee, 'tsCall').text}(${args.map((a) => codeOf(a, 'tsCall').text).join(', ')})`);
}

/** Expressions separated by `, ` (the brackets are the template's). */
export function tsList(items: readonly TsCode[]): TsCode {
  return code(items.map((i) => codeOf(i, 'tsList').text).join(', '));
}

/** What the `tsCode` template helper prints: the text of a TsCode, and nothing else. */
export function tsCodeText(value: unknown): string {
  return codeOf(value, 'tsCode').text;
}
