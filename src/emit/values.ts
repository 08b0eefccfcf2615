import { quoteLiteral, type ColumnType, type JsonValue, type ValueLiteral } from '../model/index.ts';
import { columnTypeSql } from './types.ts';

/**
 * A model literal as SQL for a column of `type`. Scalars are written as
 * untyped literals (PostgreSQL casts them to the column type); JSON and
 * arrays carry an explicit cast so an empty array or a JSON string is
 * never ambiguous.
 */
export function valueSql(literal: ValueLiteral, type: ColumnType, schema: string): string {
  if (literal.kind === 'sql') return literal.text;
  const value = literal.value;
  if (value === null) return 'NULL';
  if (type.base === 'json' || type.base === 'jsonb') {
    if (type.array && Array.isArray(value))
      return `ARRAY[${value.map((v) => `${quoteLiteral(JSON.stringify(v))}::${type.base}`).join(', ')}]::${type.base}[]`;
    return `${quoteLiteral(JSON.stringify(value))}::${type.base}`;
  }
  if (type.array && Array.isArray(value)) {
    const element = { ...type, array: false };
    return `ARRAY[${value.map((v) => scalarSql(v, element, schema)).join(', ')}]::${columnTypeSql(type, schema)}`;
  }
  return scalarSql(value, type, schema);
}

function scalarSql(value: JsonValue, type: ColumnType, schema: string): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    // Inside ARRAY[...] literals are not coerced to the element type by context.
    return type.base === 'text' ? quoteLiteral(value) : `${quoteLiteral(value)}::${columnTypeSql(type, schema)}`;
  }
  return quoteLiteral(JSON.stringify(value));
}

/** Top-level column values: an untyped literal coerces to the column type. */
export function columnValueSql(literal: ValueLiteral, type: ColumnType, schema: string): string {
  if (literal.kind === 'value' && typeof literal.value === 'string' && !type.array && type.base !== 'json' && type.base !== 'jsonb')
    return quoteLiteral(literal.value);
  return valueSql(literal, type, schema);
}
