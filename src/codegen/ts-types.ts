import type { Column, ColumnType, DataField, EnumType } from '../model/index.ts';
import { tsArrayType, tsLiteralUnion, tsParenthesized, tsPropertyKey, tsQuotedKey, tsTypeName, tsUnion, type TsCode, type TsKey } from './ts-escape.ts';

/**
 * TypeScript types for what `pg` (node-postgres, default type parsers)
 * returns (dates selected as text: 'YYYY-MM-DD', no time-zone shift), what
 * it takes (bigint and numeric as a number or a string), and for
 * data-document fields (JSON). Documented in the README.
 * Types are TsCode (src/codegen/ts-escape.ts): enum values are string literals.
 */
type BuiltIn = Parameters<typeof tsTypeName>[0];

const ROW_TYPES: Record<string, BuiltIn> = {
  text: 'string', varchar: 'string', char: 'string', uuid: 'string', inet: 'string', time: 'string', interval: 'string',
  smallint: 'number', integer: 'number', real: 'number', double: 'number',
  bigint: 'string', numeric: 'string',
  boolean: 'boolean', date: 'string', timestamp: 'Date', timestamptz: 'Date',
  json: 'unknown', jsonb: 'unknown', bytea: 'Buffer',
};

/** Types `pg` returns as strings to keep every digit, and takes as numbers too. */
const NUMERIC_INPUT = new Set(['bigint', 'numeric']);

const DATA_TYPES: Record<string, BuiltIn> = {
  text: 'string', varchar: 'string', char: 'string', uuid: 'string', inet: 'string', time: 'string', interval: 'string',
  date: 'string', timestamp: 'string', timestamptz: 'string', bytea: 'string',
  smallint: 'number', integer: 'number', bigint: 'number', numeric: 'number', real: 'number', double: 'number',
  boolean: 'boolean', json: 'unknown', jsonb: 'unknown',
};

function withArray(base: TsCode, type: ColumnType): TsCode {
  return type.array ? tsArrayType(base) : base;
}

export function rowType(type: ColumnType, enums: readonly EnumType[]): TsCode {
  const base = type.base === 'enum' ? tsParenthesized(tsLiteralUnion(enums.find((e) => e.name === type.enumName)?.values ?? [])) : tsTypeName(ROW_TYPES[type.base]!);
  return withArray(base, type);
}

/** What a column takes (insert, update, keys and filters): its row type, and for bigint and numeric `string | number`. */
export function inputType(type: ColumnType, enums: readonly EnumType[]): TsCode {
  if (!NUMERIC_INPUT.has(type.base)) return rowType(type, enums);
  const union = tsUnion([tsTypeName('string'), tsTypeName('number')]);
  return type.array ? tsArrayType(tsParenthesized(union)) : union;
}

export function dataFieldType(field: DataField): TsCode {
  const base = field.type.base === 'enum' ? tsParenthesized(tsLiteralUnion(field.values ?? [])) : tsTypeName(DATA_TYPES[field.type.base]!);
  return withArray(base, field.type);
}

const camelCase = (sqlName: string) => sqlName.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A column as a TS property: camelCase when that is an identifier, else the SQL name quoted. */
export function propertyName(sqlName: string): TsKey {
  const camel = camelCase(sqlName);
  return IDENTIFIER.test(camel) ? tsPropertyKey(camel) : tsQuotedKey(sqlName);
}

/** The same name as a plain string (what `pg` returns for an `AS "..."` alias). */
export function propertyKey(sqlName: string): string {
  const camel = camelCase(sqlName);
  return IDENTIFIER.test(camel) ? camel : sqlName;
}

/** A data-document field as a TS property: its key, bare only when it is an identifier already in camelCase. */
export function dataFieldKey(key: string): TsKey {
  return IDENTIFIER.test(key) && camelCase(key) === key ? tsPropertyKey(key) : tsQuotedKey(key);
}

/** A SELECT-list item that returns the column under its TS name, cast where pg would not parse it. */
export function selectItem(c: Column): string {
  const q = `"${c.name.replace(/"/g, '""')}"`;
  const alias = `"${propertyKey(c.name).replace(/"/g, '""')}"`;
  const asText = (c.type.base === 'enum' && c.type.array) || c.type.base === 'interval' || c.type.base === 'date';
  const cast = asText ? (c.type.array ? '::text[]' : '::text') : '';
  return `${q}${cast} AS ${alias}`;
}
