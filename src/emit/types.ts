import { qualified, type ColumnType } from '../model/index.ts';

/** The SQL spelling of a column type; enums are qualified with their schema. */
export function columnTypeSql(type: ColumnType, schema: string): string {
  const base =
    type.base === 'varchar' ? `varchar(${type.length})` :
    type.base === 'char' ? `char(${type.length})` :
    type.base === 'numeric' ? (type.precision !== undefined ? `numeric(${type.precision},${type.scale ?? 0})` : 'numeric') :
    type.base === 'double' ? 'double precision' :
    type.base === 'enum' ? qualified(schema, type.enumName!) :
    type.base;
  return type.array ? `${base}[]` : base;
}
