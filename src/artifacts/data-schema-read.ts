import { createHash } from 'node:crypto';
import { decimalPlaces, FORMAT_CHECKS } from './data-check.ts';
import { DATA_SCHEMA_DRAFT, type DataSchema, type DataSchemaNode } from './data-schema.ts';

/**
 * A data schema read back from generated/ is not trusted: only the keywords
 * and formats flowschema writes are accepted (it is never turned into code).
 */
const NODE_KEYS = new Set(['type', 'description', 'title', '$comment', 'enum', 'format', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'items']);
const ROOT_KEYS = new Set(['$schema', 'title', 'description', '$comment', 'type', 'properties', 'required', 'additionalProperties']);
const SCALAR_TYPES = new Set(['array', 'string', 'number', 'integer', 'boolean']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function nodeProblem(node: unknown, at: string): string | undefined {
  if (!isRecord(node)) return `${at} is not an object`;
  for (const key of Object.keys(node)) if (!NODE_KEYS.has(key)) return `${at} has keyword ${JSON.stringify(key)}, which flowschema does not write`;
  const { type } = node;
  if (type !== undefined && (typeof type !== 'string' || !SCALAR_TYPES.has(type))) return `${at} has type ${JSON.stringify(type)}`;
  for (const key of ['description', 'title', '$comment']) if (node[key] !== undefined && typeof node[key] !== 'string') return `${at}: ${key} is not a string`;
  if (node.enum !== undefined && (type !== 'string' || !Array.isArray(node.enum) || !node.enum.every((e) => typeof e === 'string'))) return `${at}: enum is not a list of strings, on a string type`;
  if (node.format !== undefined && (type !== 'string' || typeof node.format !== 'string' || !Object.prototype.hasOwnProperty.call(FORMAT_CHECKS, node.format))) return `${at} has format ${JSON.stringify(node.format)}, which flowschema does not write`;
  if (node.maxLength !== undefined && (!Number.isInteger(node.maxLength) || (node.maxLength as number) < 0)) return `${at}: maxLength is not a whole number`;
  for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'])
    if (node[key] !== undefined && (typeof node[key] !== 'number' || !Number.isFinite(node[key]))) return `${at}: ${key} is not a number`;
  const m = node.multipleOf;
  if (m !== undefined && (typeof m !== 'number' || !(m > 0) || Number(`1e-${decimalPlaces(m)}`) !== m)) return `${at}: multipleOf is not a power of ten below 1`;
  if (node.items !== undefined) return type === 'array' ? nodeProblem(node.items, `${at}/items`) : `${at}: items without type array`;
  return undefined;
}

/**
 * Why a parsed data.schema.json cannot be used, or undefined. The file is
 * checked against what flowschema writes (the keywords above, the formats
 * it knows), so that the checker never meets a keyword it would ignore:
 * an edited file is refused rather than half applied.
 */
export function dataSchemaProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'it is not a JSON object';
  for (const key of Object.keys(value)) if (!ROOT_KEYS.has(key)) return `it has keyword ${JSON.stringify(key)}, which flowschema does not write`;
  if (value.$schema !== DATA_SCHEMA_DRAFT) return `its $schema is not ${DATA_SCHEMA_DRAFT}`;
  if (value.type !== 'object') return "its type is not 'object'";
  for (const key of ['title', 'description', '$comment']) if (value[key] !== undefined && typeof value[key] !== 'string') return `its ${key} is not a string`;
  if (value.additionalProperties !== true) return 'its additionalProperties is not true';
  if (!isRecord(value.properties)) return 'its properties are not an object';
  for (const [key, node] of Object.entries(value.properties)) {
    const problem = nodeProblem(node, `property ${JSON.stringify(key)}`);
    if (problem) return problem;
  }
  if (!Array.isArray(value.required) || !value.required.every((r) => typeof r === 'string' && Object.prototype.hasOwnProperty.call(value.properties, r))) return 'its required list names properties it does not have';
  return undefined;
}

// ---------------------------------------------------------------------------

/**
 * A small document `schema` accepts: its required fields only, strings
 * from `seed` (its end, cut to the field's length, so that seeds that
 * differ at the end give different values to unique fields), the first
 * enum value, 0, false, empty arrays, a UUID hashed from `seed`, and
 * fixed dates and addresses (a unique field of those may collide). For
 * demos (`up --start-all`) and tests.
 */

export function exampleDocument(schema: DataSchema, seed: string): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  const value = (node: DataSchemaNode): unknown => {
    if (node.type === undefined) return {};
    if (node.enum !== undefined) return node.enum[0];
    switch (node.type) {
      case 'array': return [];
      case 'boolean': return false;
      case 'integer':
      case 'number': return 0;
      case 'object': return {};
      case 'string': {
        switch (node.format) {
          case 'uuid': {
            const h = createHash('sha256').update(seed).digest('hex');
            return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
          }
          case 'date': return '2000-01-01';
          case 'iso-time': return '00:00:00';
          case 'iso-date-time': return '2000-01-01T00:00:00';
          case 'date-time': return '2000-01-01T00:00:00Z';
          case 'inet': return '127.0.0.1';
          default: return node.maxLength === undefined ? seed : seed.slice(-node.maxLength);
        }
      }
    }
  };
  for (const key of schema.required) Object.defineProperty(doc, key, { value: value(schema.properties[key]!), enumerable: true, writable: true, configurable: true });
  return doc;
}
