import type { DataFormat, DataSchema, DataSchemaNode, DataViolation } from './data-schema.ts';

/**
 * The checker of a flow's data schema (data-schema.ts): what the runtime runs
 * before it writes a data document. The generated client carries the same
 * checker (templates/ts/client-data-check.hbs); test/data compares the two.
 */
const TYPE_MESSAGES: Readonly<Record<string, string>> = {
  object: 'must be an object',
  array: 'must be an array',
  string: 'must be a string',
  number: 'must be a number',
  integer: 'must be an integer',
  boolean: 'must be a boolean',
};

const FORMAT_MESSAGES: Readonly<Record<DataFormat, string>> = {
  uuid: 'must be a UUID (8-4-4-4-12 hexadecimal digits)',
  date: 'must be a date as YYYY-MM-DD',
  'iso-time': 'must be a time as hh:mm:ss',
  'iso-date-time': 'must be a timestamp as YYYY-MM-DDThh:mm:ss',
  'date-time': 'must be a timestamp with a time zone offset, as YYYY-MM-DDThh:mm:ssZ or YYYY-MM-DDThh:mm:ss+hh:mm',
  inet: 'must be an IPv4 or IPv6 address, with an optional /prefix',
};

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:([zZ])|[+-](\d{2})(?::?(\d{2}))?)?$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEXTET = /^[0-9a-fA-F]{1,4}$/;

function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const days = month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= days;
}

/** hh:mm:ss[.fraction] and, when `zone` is 'required' or 'optional', Z or ±hh[:mm]. */
function isTime(s: string, zone: 'required' | 'optional'): boolean {
  const m = TIME.exec(s);
  if (!m) return false;
  if (zone === 'required' && m[4] === undefined && m[5] === undefined) return false;
  return Number(m[1]) <= 23 && Number(m[2]) <= 59 && Number(m[3]) <= 59 && (m[5] === undefined || Number(m[5]) <= 23) && (m[6] === undefined || Number(m[6]) <= 59);
}

function isDateTime(s: string, zone: 'required' | 'optional'): boolean {
  return s.length > 11 && /[Tt ]/.test(s[10]!) && isDate(s.slice(0, 10)) && isTime(s.slice(11), zone);
}

function isIPv6(s: string): boolean {
  let text = s;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    if (lastColon < 0 || !IPV4.test(text.slice(lastColon + 1))) return false;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  let count = 0;
  for (const half of halves) {
    if (half === '') continue;
    for (const hextet of half.split(':')) {
      if (!HEXTET.test(hextet)) return false;
      count++;
    }
  }
  return halves.length === 2 ? count <= 7 : count === 8;
}

function isInet(s: string): boolean {
  if (s.length > 64) return false;
  const slash = s.indexOf('/');
  const address = slash < 0 ? s : s.slice(0, slash);
  const prefix = slash < 0 ? undefined : s.slice(slash + 1);
  if (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) return false;
  if (IPV4.test(address)) return prefix === undefined || Number(prefix) <= 32;
  return isIPv6(address) && (prefix === undefined || Number(prefix) <= 128);
}

export const FORMAT_CHECKS: Readonly<Record<DataFormat, (s: string) => boolean>> = {
  uuid: (s) => UUID.test(s),
  date: isDate,
  'iso-time': (s) => isTime(s, 'optional'),
  'iso-date-time': (s) => isDateTime(s, 'optional'),
  'date-time': (s) => isDateTime(s, 'required'),
  inet: isInet,
};

/** Decimal places of a number as JSON writes it (its shortest round-trip text): 0.07 has 2, 1e-7 has 7. */
export function decimalPlaces(n: number): number {
  const text = String(Math.abs(n));
  const e = text.indexOf('e');
  const mantissa = e < 0 ? text : text.slice(0, e);
  const exponent = e < 0 ? 0 : Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  return Math.max(0, (dot < 0 ? 0 : mantissa.length - dot - 1) - exponent);
}

/** Code points, as JSON Schema and PostgreSQL count characters. */
function characters(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function hasType(type: string, v: unknown): boolean {
  switch (type) {
    case 'object': return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array': return Array.isArray(v);
    case 'string': return typeof v === 'string';
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'boolean': return typeof v === 'boolean';
    default: return false;
  }
}

const escapeToken = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

function check(node: DataSchemaNode & { properties?: Readonly<Record<string, DataSchemaNode>>; required?: readonly string[] }, v: unknown, at: string, out: DataViolation[]): void {
  if (node.type !== undefined && !hasType(node.type, v)) {
    out.push({ pointer: at, message: TYPE_MESSAGES[node.type]! });
    return;
  }
  if (node.enum !== undefined) {
    if (!node.enum.includes(v as string)) out.push({ pointer: at, message: `must be one of ${node.enum.map((e) => shownValue(e)).join(', ')}` });
    return;
  }
  if (typeof v === 'string') {
    if (node.maxLength !== undefined && characters(v) > node.maxLength) out.push({ pointer: at, message: `must be at most ${node.maxLength} characters long` });
    if (node.format !== undefined && !FORMAT_CHECKS[node.format](v)) out.push({ pointer: at, message: FORMAT_MESSAGES[node.format] });
  } else if (typeof v === 'number') {
    if (node.minimum !== undefined && v < node.minimum) out.push({ pointer: at, message: `must be at least ${node.minimum}` });
    if (node.maximum !== undefined && v > node.maximum) out.push({ pointer: at, message: `must be at most ${node.maximum}` });
    if (node.exclusiveMinimum !== undefined && v <= node.exclusiveMinimum) out.push({ pointer: at, message: `must be greater than ${node.exclusiveMinimum}` });
    if (node.exclusiveMaximum !== undefined && v >= node.exclusiveMaximum) out.push({ pointer: at, message: `must be less than ${node.exclusiveMaximum}` });
    if (node.multipleOf !== undefined) {
      const places = decimalPlaces(node.multipleOf);
      if (decimalPlaces(v) > places) out.push({ pointer: at, message: `must have at most ${places} decimal place${places === 1 ? '' : 's'}` });
    }
  } else if (Array.isArray(v)) {
    if (node.items !== undefined) for (let i = 0; i < v.length; i++) check(node.items, v[i], `${at}/${i}`, out);
  } else if (typeof v === 'object' && v !== null && node.properties !== undefined) {
    const doc = v as Record<string, unknown>;
    for (const key of Object.keys(node.properties)) {
      const present = Object.prototype.hasOwnProperty.call(doc, key) && doc[key] !== undefined;
      if (present) check(node.properties[key]!, doc[key], `${at}/${escapeToken(key)}`, out);
      else if (node.required?.includes(key)) out.push({ pointer: `${at}/${escapeToken(key)}`, message: 'is required' });
    }
  }
}

/**
 * Every violation of `schema` by `value`, in document order (declared
 * fields in their declared order, array items in order); [] when it is
 * valid. A property whose value is `undefined` counts as absent, as in
 * JSON.stringify. Properties the schema does not declare are not looked at.
 */
export function validateData(schema: DataSchema, value: unknown): DataViolation[] {
  const out: DataViolation[] = [];
  storable(value, '', 0, out);
  if (out.length) return out;
  // What is written is the document's JSON text: a toJSON() method cannot show the check one thing and store another.
  check(schema, JSON.parse(JSON.stringify(value) ?? 'null'), '', out);
  return out;
}

/** How deep a data document may nest: deeper is refused before anything walks it recursively. */
export const MAX_DATA_DEPTH = 100;

const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * What PostgreSQL's jsonb cannot take, anywhere in the document (declared
 * fields or not): a NUL character or an unpaired surrogate in a string or a
 * key, and nesting deeper than MAX_DATA_DEPTH.
 */
function storable(v: unknown, at: string, depth: number, out: DataViolation[]): void {
  const text = (s: string, where: string) => {
    if (s.includes('\u0000')) out.push({ pointer: where, message: 'contains a NUL character (\\u0000), which PostgreSQL cannot store' });
    else if (UNPAIRED_SURROGATE.test(s)) out.push({ pointer: where, message: 'contains an unpaired surrogate, which is not valid text' });
  };
  if (typeof v === 'string') return text(v, at);
  if (typeof v !== 'object' || v === null) return;
  if (depth >= MAX_DATA_DEPTH) {
    out.push({ pointer: at, message: `is nested deeper than ${MAX_DATA_DEPTH} levels` });
    return;
  }
  if (Array.isArray(v)) v.forEach((item, i) => storable(item, `${at}/${i}`, depth + 1, out));
  else
    for (const [key, item] of Object.entries(v)) {
      const where = `${at}/${escapeToken(key)}`;
      text(key, where);
      storable(item, where, depth + 1, out);
    }
}

/** Line terminators, other controls, bidi controls and BOMs, shown as \u escapes so that a message stays one plain line. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const unicodeEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** A string value in a message: JSON-quoted, with the characters above escaped. */
function shownValue(value: string): string {
  return JSON.stringify(value).replace(UNSAFE, unicodeEscape);
}

/** How many violations a message lists; `violations` keeps them all. */
const LISTED = 10;

/** `/a: must be a number; /b: is required` (at most 10, then `(and N more)`), on one line. */
export function violationsText(violations: readonly DataViolation[]): string {
  const listed = violations.slice(0, LISTED).map((v) => `${v.pointer.replace(UNSAFE, unicodeEscape)}: ${v.message}`);
  return `${listed.join('; ')}${violations.length > LISTED ? `; (and ${violations.length - LISTED} more)` : ''}`;
}

// ---------------------------------------------------------------------------
// Reading a schema file: generated/ is not trusted (docs/security.md).
