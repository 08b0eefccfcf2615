import type { DataField, FlowModel } from '../model/index.ts';
import { stableJson } from './json.ts';

/**
 * The JSON Schema of a flow's instance data document
 * (`generated/<domain>/flows/<schema>/data.schema.json`, the flow's vNext
 * master schema), compiled from its data fields, and the checker the
 * runtime runs it with. The generated client carries the same schema
 * (DATA_SCHEMA) and the same checker (templates/ts/client-data-check.hbs): both must
 * give the same violations, in the same order, with the same messages
 * (test/data/data-schema.test.ts compares them).
 *
 * Decisions (README, "What the compiler writes"):
 * - draft-07, as the vNext component schemas; only keywords that mean the
 *   same in draft 2019-09 and 2020-12 are used.
 * - Extra properties are allowed (`additionalProperties: true`): the
 *   platform's documents may carry more than the declared fields.
 * - A declared field that is present must have its type; `null` is a value
 *   of its own (only json/jsonb fields take it). An optional field may be
 *   left out; a required one must be there.
 * - Numbers are JSON numbers (IEEE doubles in JavaScript): integers within
 *   their PostgreSQL type's range (bigint within ±(2^53 - 1), what survives
 *   JavaScript exactly); numeric(p, s) below 10^(p-s) in magnitude
 *   (`exclusiveMinimum`/`exclusiveMaximum`) with at most s decimal places
 *   (`multipleOf: 10^-s`, checked on the number's shortest decimal text,
 *   not in binary floating point); numeric(p) or numeric(p, 0) is an integer.
 * - Formats: uuid, date, date-time (timestamptz: the offset is required),
 *   iso-date-time and iso-time (timestamp and time: offset optional, as
 *   ajv-formats defines them), inet (flowschema's: an IPv4 or IPv6 address,
 *   optional /prefix).
 */

export const DATA_SCHEMA_DRAFT = 'http://json-schema.org/draft-07/schema#';

/** One node of a data schema: only the keywords flowschema writes. */
export interface DataSchemaNode {
  readonly type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  readonly description?: string;
  readonly enum?: readonly string[];
  readonly format?: DataFormat;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly multipleOf?: number;
  readonly items?: DataSchemaNode;
}

export interface DataSchema {
  readonly $schema: string;
  readonly title: string;
  readonly type: 'object';
  readonly properties: Readonly<Record<string, DataSchemaNode>>;
  readonly required: readonly string[];
  readonly additionalProperties: true;
}

export type DataFormat = 'uuid' | 'date' | 'iso-time' | 'iso-date-time' | 'date-time' | 'inet';

/** One violation: an RFC 6901 JSON pointer into the document ('' is the document) and what is wrong there. */
export interface DataViolation {
  readonly pointer: string;
  readonly message: string;
}

const INT_RANGE: Readonly<Record<string, readonly [number, number]>> = {
  smallint: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  bigint: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};
const FLOAT4_MAX = 3.4028234663852886e38;
const FORMATS: Readonly<Record<string, DataFormat>> = { uuid: 'uuid', date: 'date', time: 'iso-time', timestamp: 'iso-date-time', timestamptz: 'date-time', inet: 'inet' };

/** The schema of one value of a data field's type (not the array around it). */
function scalarSchema(field: DataField): DataSchemaNode {
  const t = field.type;
  switch (t.base) {
    case 'enum':
      return { type: 'string', enum: field.values ?? [] };
    case 'varchar':
    case 'char':
      return { type: 'string', maxLength: t.length! };
    case 'text':
    case 'interval':
    case 'bytea':
      return { type: 'string' };
    case 'uuid':
    case 'date':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
    case 'inet':
      return { type: 'string', format: FORMATS[t.base]! };
    case 'smallint':
    case 'integer':
    case 'bigint':
      return { type: 'integer', minimum: INT_RANGE[t.base]![0], maximum: INT_RANGE[t.base]![1] };
    case 'numeric': {
      if (t.precision === undefined) return { type: 'number' };
      const scale = t.scale ?? 0;
      // 10^(p-s) is a finite double only up to 10^308: beyond it every JSON number fits.
      const digits = t.precision - scale;
      const bound = digits <= 308 ? { exclusiveMinimum: -(10 ** digits), exclusiveMaximum: 10 ** digits } : {};
      if (scale === 0) return { type: 'integer', ...bound };
      // 10^-s as a double: exact enough to name s; beyond 1e-300 it is not written (no JSON number has that many digits in practice).
      return { type: 'number', ...bound, ...(scale <= 300 ? { multipleOf: Number(`1e-${scale}`) } : {}) };
    }
    case 'real':
      return { type: 'number', minimum: -FLOAT4_MAX, maximum: FLOAT4_MAX };
    case 'double':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'json':
    case 'jsonb':
      return {};
  }
}

function fieldSchema(field: DataField): DataSchemaNode {
  const scalar = scalarSchema(field);
  const node: DataSchemaNode = field.type.array ? { type: 'array', items: scalar } : scalar;
  return field.comment === undefined ? node : { description: field.comment, ...node };
}

/** The data document's schema, from the flow's data fields (declared order). Pure. */
export function dataSchemaOf(flow: FlowModel): DataSchema {
  const properties: Record<string, DataSchemaNode> = {};
  // defineProperty: a field named __proto__ must be an own key, not the object's prototype.
  for (const f of flow.dataFields) Object.defineProperty(properties, f.key, { value: fieldSchema(f), enumerable: true, writable: true, configurable: true });
  return {
    $schema: DATA_SCHEMA_DRAFT,
    title: `${flow.key} instance data`,
    type: 'object',
    properties,
    required: flow.dataFields.filter((f) => !f.optional).map((f) => f.key),
    additionalProperties: true,
  };
}

export function renderDataSchema(flow: FlowModel): string {
  return stableJson(dataSchemaOf(flow));
}

// ---------------------------------------------------------------------------
// The checker. Keep it in step with validateData in templates/ts/client-data-check.hbs.

export { validateData, violationsText } from './data-check.ts';
export { dataSchemaProblem, exampleDocument } from './data-schema-read.ts';
