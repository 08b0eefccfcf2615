import type { LoadedValue } from '../loader/index.ts';
import type { SourcePos } from './diagnostic.ts';
import type { Reader } from './read.ts';
import type { BaseType, ColumnType } from './types.ts';

export const BASE_TYPES: readonly BaseType[] = [
  'text', 'varchar', 'char', 'smallint', 'integer', 'bigint', 'numeric', 'real', 'double',
  'boolean', 'date', 'time', 'timestamp', 'timestamptz', 'interval', 'uuid', 'json', 'jsonb', 'bytea', 'inet', 'enum',
];

export interface TypeSpec {
  readonly type?: LoadedValue;
  readonly length?: LoadedValue;
  readonly precision?: LoadedValue;
  readonly scale?: LoadedValue;
  readonly array?: LoadedValue;
}

/** Reads `type` with its length/precision/scale and checks their ranges (FS1401-FS1404, FS1410). */
export function readColumnType(r: Reader, spec: TypeSpec, ownerPos: SourcePos, what: string, enumName?: string): ColumnType | undefined {
  const typeName = r.string(spec.type, `the type of ${what}`);
  const array = r.boolean(spec.array, `'array' of ${what}`) ?? false;
  if (typeName === undefined) return undefined;
  if (!(BASE_TYPES as readonly string[]).includes(typeName)) {
    r.error('FS1401', spec.type!.pos, `unknown column type '${typeName}' for ${what}`, `use one of: ${BASE_TYPES.join(', ')}`);
    return undefined;
  }
  const base = typeName as BaseType;
  const length = r.number(spec.length, `the length of ${what}`);
  const precision = r.number(spec.precision, `the precision of ${what}`);
  const scale = r.number(spec.scale, `the scale of ${what}`);
  let ok = true;
  if (base !== 'varchar' && base !== 'char' && spec.length) {
    r.error('FS1410', spec.length.pos, `type ${base} of ${what} takes no length`, "remove 'length', or use varchar or char");
    ok = false;
  }
  if (base !== 'numeric' && (spec.precision || spec.scale)) {
    r.error('FS1410', (spec.precision ?? spec.scale)!.pos, `type ${base} of ${what} takes no precision or scale`, "remove them, or use numeric");
    ok = false;
  }
  if (base === 'varchar' || base === 'char') {
    if (length === undefined && !spec.length) {
      r.error('FS1402', ownerPos, `${what} has type ${base}, which needs a length`, `write type: '${base}', length: 50`);
      return undefined;
    }
    if (length !== undefined && (!Number.isInteger(length) || length < 1 || length > 10485760)) {
      r.error('FS1402', spec.length!.pos, `the length of ${what} must be a whole number from 1 to 10485760, not ${length}`, 'use a positive length');
      return undefined;
    }
    if (length === undefined) return undefined;
    return ok ? { base, array, length } : undefined;
  }
  if (base === 'numeric') {
    if (precision !== undefined && (!Number.isInteger(precision) || precision < 1 || precision > 1000)) {
      r.error('FS1403', spec.precision!.pos, `the precision of ${what} must be a whole number from 1 to 1000, not ${precision}`, 'use a precision in 1..1000');
      return undefined;
    }
    if (scale !== undefined && precision === undefined) {
      r.error('FS1404', spec.scale!.pos, `${what} has a scale but no precision`, 'give precision too, as in precision: 12, scale: 2');
      return undefined;
    }
    if (scale !== undefined && (!Number.isInteger(scale) || scale < 0 || scale > precision!)) {
      r.error('FS1404', spec.scale!.pos, `the scale of ${what} must be a whole number from 0 to its precision (${precision}), not ${scale}`, 'lower the scale or raise the precision');
      return undefined;
    }
    if (!ok) return undefined;
    if (precision === undefined) return { base, array };
    return { base, array, precision, scale: scale ?? 0 };
  }
  if (!ok) return undefined;
  return base === 'enum' && enumName !== undefined ? { base, array, enumName } : { base, array };
}

/** The SQL spelling of a type, without schema qualification for enums. */
export function typeLabel(type: ColumnType): string {
  const base =
    type.base === 'varchar' ? `varchar(${type.length})` :
    type.base === 'char' ? `char(${type.length})` :
    type.base === 'numeric' && type.precision !== undefined ? `numeric(${type.precision},${type.scale ?? 0})` :
    type.base === 'double' ? 'double precision' :
    type.base === 'enum' ? `enum ${type.enumName ?? ''}`.trim() :
    type.base;
  return type.array ? `${base}[]` : base;
}

const INTEGERS = ['smallint', 'integer', 'bigint'];
const STRINGS = ['text', 'varchar', 'char'];

/** Types PostgreSQL can compare in a foreign key without a cast. */
export function compatibleForForeignKey(a: ColumnType, b: ColumnType): boolean {
  if (a.array !== b.array) return false;
  if (INTEGERS.includes(a.base) && INTEGERS.includes(b.base)) return true;
  if (STRINGS.includes(a.base) && STRINGS.includes(b.base)) return true;
  if (a.base === 'enum' || b.base === 'enum') return a.base === b.base && a.enumName === b.enumName;
  return a.base === b.base;
}
