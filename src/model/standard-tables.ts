import type { Column, DataField, Index, Table } from './types.ts';
import { quoteLiteral } from './quote.ts';

const uuid = { base: 'uuid', array: false } as const;
const text = { base: 'text', array: false } as const;
const timestamptz = { base: 'timestamptz', array: false } as const;
const now = { kind: 'sql', text: 'now()' } as const;

export const INSTANCE_STATUSES = ['active', 'completed', 'cancelled', 'faulted'] as const;

/**
 * The three tables every flow schema has. instance_data gets one stored
 * generated column per indexed data field, with a partial index over the
 * latest versions (unique fields are unique among latest versions only).
 */
export function standardTables(dataFields: readonly DataField[]): Table[] {
  const instances: Table = {
    name: 'instances',
    kind: 'standard',
    comment: 'Flow instances: one row per started instance.',
    columns: [
      { name: 'id', type: uuid, nullable: false, default: { kind: 'sql', text: 'gen_random_uuid()' } },
      { name: 'key', type: text, nullable: false },
      { name: 'flow_version', type: text, nullable: false },
      { name: 'current_state', type: text, nullable: false },
      { name: 'status', type: text, nullable: false, default: { kind: 'value', value: 'active' } },
      { name: 'created_at', type: timestamptz, nullable: false, default: now },
      { name: 'updated_at', type: timestamptz, nullable: false, default: now },
      { name: 'completed_at', type: timestamptz, nullable: true },
    ],
    primaryKey: { name: 'instances_pkey', columns: ['id'] },
    uniques: [{ name: 'instances_key_key', columns: ['key'] }],
    checks: [{ name: 'instances_status_check', expression: `status IN (${INSTANCE_STATUSES.map(quoteLiteral).join(', ')})` }],
    foreignKeys: [],
    indexes: [{ name: 'instances_status_current_state_idx', columns: ['status', 'current_state'], unique: false }],
  };

  const indexed = dataFields.filter((f) => f.index !== 'none');
  const generatedColumns: Column[] = indexed.map((f) => ({
    name: f.column,
    type: generatedType(f),
    nullable: true,
    generated: generatedExpression(f),
    comment: `Generated from data field ${f.key}.`,
    ...(f.pos && { pos: f.pos }),
  }));
  const generatedIndexes: Index[] = indexed.map((f) => ({
    name: `instance_data_${f.column}_idx`,
    columns: [f.column],
    unique: f.index === 'unique',
    where: 'is_latest',
    ...(f.pos && { pos: f.pos }),
  }));
  const instanceData: Table = {
    name: 'instance_data',
    kind: 'standard',
    comment: 'Versioned data documents of each instance; is_latest marks the current one.',
    columns: [
      { name: 'instance_id', type: uuid, nullable: false },
      { name: 'version', type: { base: 'integer', array: false }, nullable: false },
      { name: 'is_latest', type: { base: 'boolean', array: false }, nullable: false, default: { kind: 'value', value: true } },
      { name: 'etag', type: uuid, nullable: false, default: { kind: 'sql', text: 'gen_random_uuid()' } },
      { name: 'data', type: { base: 'jsonb', array: false }, nullable: false, default: { kind: 'value', value: {} } },
      { name: 'created_at', type: timestamptz, nullable: false, default: now },
      ...generatedColumns,
    ],
    primaryKey: { name: 'instance_data_pkey', columns: ['instance_id', 'version'] },
    uniques: [],
    checks: [{ name: 'instance_data_version_check', expression: 'version > 0' }],
    foreignKeys: [{ name: 'instance_data_instance_id_fkey', columns: ['instance_id'], refTable: 'instances', refColumns: ['id'], onDelete: 'cascade' }],
    indexes: [{ name: 'instance_data_latest_idx', columns: ['instance_id'], unique: true, where: 'is_latest' }, ...generatedIndexes],
  };

  const instanceTransitions: Table = {
    name: 'instance_transitions',
    kind: 'standard',
    comment: 'Transition history of each instance.',
    columns: [
      { name: 'id', type: { base: 'bigint', array: false }, nullable: false, identity: true },
      { name: 'instance_id', type: uuid, nullable: false },
      { name: 'transition', type: text, nullable: false },
      { name: 'from_state', type: text, nullable: false },
      { name: 'to_state', type: text, nullable: false },
      { name: 'body', type: { base: 'jsonb', array: false }, nullable: true },
      { name: 'created_at', type: timestamptz, nullable: false, default: now },
    ],
    primaryKey: { name: 'instance_transitions_pkey', columns: ['id'] },
    uniques: [],
    checks: [],
    foreignKeys: [{ name: 'instance_transitions_instance_id_fkey', columns: ['instance_id'], refTable: 'instances', refColumns: ['id'], onDelete: 'cascade' }],
    indexes: [{ name: 'instance_transitions_instance_id_id_idx', columns: ['instance_id', 'id'], unique: false }],
  };
  return [instances, instanceData, instanceTransitions];
}

const STRING_TYPES = ['text', 'varchar', 'char', 'enum'];

/** Strings (and enums) stay text: a cast to varchar(n) would silently truncate. */
function generatedType(f: DataField): Column['type'] {
  if (STRING_TYPES.includes(f.type.base)) return text;
  return f.type;
}

function generatedExpression(f: DataField): string {
  const extract = `(data ->> ${quoteLiteral(f.key)})`;
  if (STRING_TYPES.includes(f.type.base)) return extract;
  const t = f.type;
  const sqlType =
    t.base === 'numeric' ? (t.precision !== undefined ? `numeric(${t.precision},${t.scale ?? 0})` : 'numeric') :
    t.base === 'double' ? 'double precision' : t.base;
  return `${extract}::${sqlType}`;
}
