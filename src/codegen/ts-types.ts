import type { Column, ColumnType, DataField, EnumType } from '../model/index.ts';

/**
 * TypeScript types for what `pg` (node-postgres, default type parsers)
 * returns, and for data-document fields (JSON). Documented in the README.
 */
const ROW_TYPES: Record<string, string> = {
  text: 'string', varchar: 'string', char: 'string', uuid: 'string', inet: 'string', time: 'string', interval: 'string',
  smallint: 'number', integer: 'number', real: 'number', double: 'number',
  bigint: 'string', numeric: 'string',
  boolean: 'boolean', date: 'Date', timestamp: 'Date', timestamptz: 'Date',
  json: 'unknown', jsonb: 'unknown', bytea: 'Buffer',
};

const DATA_TYPES: Record<string, string> = {
  text: 'string', varchar: 'string', char: 'string', uuid: 'string', inet: 'string', time: 'string', interval: 'string',
  date: 'string', timestamp: 'string', timestamptz: 'string', bytea: 'string',
  smallint: 'number', integer: 'number', bigint: 'number', numeric: 'number', real: 'number', double: 'number',
  boolean: 'boolean', json: 'unknown', jsonb: 'unknown',
};

function union(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(' | ');
}

export function rowType(type: ColumnType, enums: readonly EnumType[]): string {
  const base = type.base === 'enum' ? `(${union(enums.find((e) => e.name === type.enumName)?.values ?? [])})` : ROW_TYPES[type.base]!;
  return type.array ? `${base}[]` : base;
}

export function dataFieldType(field: DataField): string {
  const base = field.type.base === 'enum' ? `(${union(field.values ?? [])})` : DATA_TYPES[field.type.base]!;
  return field.type.array ? `${base}[]` : base;
}

/** A column as a TS property: camelCase when that is an identifier, else a quoted key. */
export function propertyName(sqlName: string): string {
  const camel = sqlName.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(camel) ? camel : JSON.stringify(sqlName);
}

/** The same name as a plain string (what `pg` returns for an `AS "..."` alias). */
export function propertyKey(sqlName: string): string {
  const p = propertyName(sqlName);
  return p.startsWith('"') ? sqlName : p;
}

/** A SELECT-list item that returns the column under its TS name, cast where pg would not parse it. */
export function selectItem(c: Column): string {
  const q = `"${c.name.replace(/"/g, '""')}"`;
  const alias = `"${propertyKey(c.name).replace(/"/g, '""')}"`;
  const cast = c.type.base === 'enum' && c.type.array ? '::text[]' : c.type.base === 'interval' ? (c.type.array ? '::text[]' : '::text') : '';
  return `${q}${cast} AS ${alias}`;
}
