// Shared column sets, imported and spread into flow tables.
import { sql } from 'flowschema';

export const idColumn = {
  id: { type: 'uuid', primaryKey: true, default: sql('gen_random_uuid()') },
} as const;

export const instanceRef = {
  instanceId: { type: 'uuid', references: { table: 'instances', onDelete: 'cascade' } },
} as const;

export const auditColumns = {
  createdAt: { type: 'timestamptz', default: sql('now()') },
  updatedAt: { type: 'timestamptz', default: sql('now()') },
} as const;
