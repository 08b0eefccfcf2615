import type { LoadedValue } from '../loader/index.ts';
import { describe, type Reader } from './read.ts';
import { checkSqlExpression } from './sql-grammar.ts';
import { typeLabel } from './column-type.ts';
import type { ColumnType, JsonValue, ValueLiteral } from './types.ts';

const RANGES: Record<string, [bigint, bigint]> = {
  smallint: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Checks a default or seed value against its column type and returns it as a
 * model literal. `code` is FS1407 for defaults, FS1604 for seed values.
 */
export function readValue(r: Reader, value: LoadedValue, type: ColumnType, enumValues: readonly string[] | undefined, nullable: boolean, code: string, what: string): ValueLiteral | undefined {
  if (value.kind === 'invalid') return undefined;
  if (value.kind === 'sql') {
    // A default is written in a column definition, a seed value in a VALUES row.
    const problem = checkSqlExpression(value.text, code === 'FS1407' ? 'default' : 'value');
    if (problem) {
      r.error('FS1411', value.pos, `the sql() expression of ${what} must be a single SQL expression: ${problem}`, 'write one expression, such as sql(\'now()\')');
      return undefined;
    }
    return { kind: 'sql', text: value.text };
  }
  if (value.kind === 'null') {
    if (nullable) return { kind: 'value', value: null };
    r.error(code, value.pos, `${what} is null but the column is NOT NULL`, 'mark the column optional: true, or give a value');
    return undefined;
  }
  const ok = type.array ? checkArray(r, value, type, enumValues, code, what) : checkScalar(r, value, type, enumValues, code, what);
  return ok ? { kind: 'value', value: toJson(value) } : undefined;
}

function checkArray(r: Reader, value: LoadedValue, type: ColumnType, enumValues: readonly string[] | undefined, code: string, what: string): boolean {
  if (value.kind !== 'array') {
    r.error(code, value.pos, `${what} must be an array (the column type is ${typeLabel(type)}), not ${describe(value)}`, 'write [ ... ]');
    return false;
  }
  const element = { ...type, array: false };
  return value.items.every((item) => {
    if (item.kind === 'null') return true;
    if (item.kind === 'sql') {
      r.error(code, item.pos, `an element of ${what} is a sql() expression`, `use sql() for the whole value, as in sql('ARRAY[now()]'), or only literals inside the array`);
      return false;
    }
    return checkScalar(r, item, element, enumValues, code, `an element of ${what}`);
  });
}

function checkScalar(r: Reader, value: LoadedValue, type: ColumnType, enumValues: readonly string[] | undefined, code: string, what: string): boolean {
  const wrong = (expected: string, hint?: string): false => {
    r.error(code, value.pos, `${what} must be ${expected} (the column type is ${typeLabel(type)}), not ${describe(value)}`, hint);
    return false;
  };
  if (value.kind === 'string' && value.value.includes('\0')) {
    r.error('FS1413', value.pos, `${what} contains a NUL character, which PostgreSQL cannot store in text`, 'remove the \\0 character');
    return false;
  }
  switch (type.base) {
    case 'text':
    case 'varchar':
    case 'char':
      if (value.kind !== 'string') return wrong('a string');
      if (type.length !== undefined && [...value.value].length > type.length)
        return wrong(`at most ${type.length} characters`, `shorten it or raise the length`);
      return true;
    case 'smallint':
    case 'integer':
    case 'bigint': {
      const text = value.kind === 'number' && Number.isInteger(value.value) ? String(value.value) : value.kind === 'string' && type.base === 'bigint' && /^-?\d+$/.test(value.value) ? value.value : undefined;
      if (text === undefined) return wrong(type.base === 'bigint' ? 'a whole number (or a string of digits)' : 'a whole number');
      const [min, max] = RANGES[type.base]!;
      const n = BigInt(text);
      if (n < min || n > max) return wrong(`between ${min} and ${max}`);
      return true;
    }
    case 'numeric':
    case 'real':
    case 'double':
      if (value.kind === 'number' && Number.isFinite(value.value)) return true;
      if (value.kind === 'string' && NUMERIC.test(value.value)) return true;
      return wrong('a number');
    case 'boolean':
      return value.kind === 'boolean' ? true : wrong('true or false');
    case 'uuid':
      return value.kind === 'string' && UUID.test(value.value) ? true : wrong('a UUID string', "write it as 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx', or use sql('gen_random_uuid()')");
    case 'enum':
      if (value.kind !== 'string') return wrong('one of the enum values');
      if (enumValues && !enumValues.includes(value.value)) return wrong(`one of ${enumValues.map((v) => `'${v}'`).join(', ')}`);
      return true;
    case 'json':
    case 'jsonb':
      return value.kind === 'define' ? wrong('a JSON value') : checkJson(r, value, code, what);
    default:
      // date, time, timestamp(tz), interval, inet, bytea: PostgreSQL parses the text.
      if (value.kind !== 'string') return wrong('a string', `write it as PostgreSQL text input, or use sql('...')`);
      return checkRelativeTime(r, value.value, value.pos, type, code, what);
  }
}

/** PostgreSQL's date/time input words that stand for the moment the text is read. */
const RELATIVE_WORDS = ['now', 'today', 'tomorrow', 'yesterday'];
const DATE_TIME_TYPES = ['date', 'time', 'timestamp', 'timestamptz'];

/**
 * FS1416: 'now', 'today', 'tomorrow' and 'yesterday' are read by PostgreSQL
 * when the statement runs. As a default that is once, when the migration
 * runs: the default becomes that constant (and the drift check, which builds
 * the schema at another moment, would report it forever), so it is an error.
 * As a seed value it is the moment each database applies the migration, as
 * sql('now()') would give: a warning that says so. 'epoch', 'infinity',
 * '-infinity' and 'allballs' are fixed values and are accepted.
 */
function checkRelativeTime(r: Reader, text: string, pos: LoadedValue['pos'], type: ColumnType, code: string, what: string): boolean {
  if (!DATE_TIME_TYPES.includes(type.base)) return true;
  // PostgreSQL splits date/time input into fields; a word field is matched case-insensitively.
  const word = text.toLowerCase().match(/[a-z]+/g)?.find((w) => RELATIVE_WORDS.includes(w));
  if (word === undefined) return true;
  const expression =
    type.base === 'time' ? 'LOCALTIME' :
    word === 'now' ? (type.base === 'date' ? 'CURRENT_DATE' : 'now()') :
    word === 'today' ? 'CURRENT_DATE' :
    word === 'tomorrow' ? 'CURRENT_DATE + 1' : 'CURRENT_DATE - 1';
  const moment = word === 'now' ? 'moment' : 'day';
  const sql = what.startsWith('an element of ') ? `sql('ARRAY[${expression}]') for the whole value` : `sql('${expression}')`;
  // The value is well-formed: kept, so a seed row that leaves the column out is not reported as well.
  if (code === 'FS1407') r.error('FS1416', pos, `${what} is '${text}', which PostgreSQL turns into a constant when the migration runs: every row would get that ${moment}, not the ${moment} it is inserted`, `write ${sql}, which PostgreSQL evaluates at each insert`);
  else r.warn('FS1416', pos, `${what} is '${text}', which PostgreSQL reads when the migration runs: each database gets the ${moment} it applied the migration`, `write ${sql} to say so, or a fixed value`);
  return true;
}

export function checkJson(r: Reader, value: LoadedValue, code: string, what: string): boolean {
  if (value.kind === 'sql') {
    r.error(code, value.pos, `${what} holds a sql() expression inside a JSON value`, 'use sql() for the whole value, or only literals inside it');
    return false;
  }
  if (value.kind === 'script' || value.kind === 'define') {
    r.error(code, value.pos, `${what} holds ${value.kind === 'script' ? 'a script() file' : `a ${value.helper}() call`} inside a JSON value`, 'write only literals inside a JSON value');
    return false;
  }
  if (value.kind === 'string' && value.value.includes('\0')) {
    r.error('FS1413', value.pos, `${what} contains a NUL character, which PostgreSQL cannot store in jsonb`, 'remove the \\0 character');
    return false;
  }
  if (value.kind === 'array') return value.items.every((item) => checkJson(r, item, code, what));
  if (value.kind === 'object') return value.props.every((p) => checkJson(r, p.value, code, what));
  return true;
}

export function toJson(value: LoadedValue): JsonValue {
  switch (value.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return value.value;
    case 'array':
      return value.items.map(toJson);
    case 'object':
      return Object.fromEntries(value.props.map((p) => [p.key, toJson(p.value)]));
    default:
      return null;
  }
}
