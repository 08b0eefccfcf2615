import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * N synthetic flows: the standard tables (with one indexed data field) plus
 * one flow table of 8 typed columns with two indexes and an enum; and the
 * same schemas written for drizzle-kit, table for table.
 */
export function writeFlowschemaProject(dir: string, n: number): void {
  const defs = join(dir, 'definitions', 'bench');
  mkdirSync(defs, { recursive: true });
  writeFileSync(join(defs, 'domain.ts'), "import { defineDomain } from 'flowschema';\nexport default defineDomain({ name: 'bench' });\n");
  for (let i = 1; i <= n; i++) writeFileSync(join(defs, `flow-${i}.flow.ts`), flowSource(i));
}

export function flowSource(i: number, version = '1.0.0', extraColumn = ''): string {
  return `import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'flow-${i}',
  domain: 'bench',
  version: '${version}',
  states: {
    open: { type: 'initial', transitions: { work: 'busy' } },
    busy: { transitions: { finish: 'done' } },
    done: { type: 'final' },
  },
  data: { ref: { type: 'text', index: true } },
  tables: {
    items: {
      columns: {
        id: { type: 'uuid', primaryKey: true, default: sql('gen_random_uuid()') },
        instanceId: { type: 'uuid', references: { table: 'instances', onDelete: 'cascade' } },
        name: { type: 'varchar', length: 100 },
        qty: { type: 'integer', default: 0 },
        price: { type: 'numeric', precision: 12, scale: 2 },
        active: { type: 'boolean', default: true },
        level: { type: 'enum', values: ['low', 'mid', 'high'] },
        createdAt: { type: 'timestamptz', default: sql('now()') },${extraColumn}
      },
      indexes: [{ columns: ['instanceId', 'level'] }, { columns: ['name'], unique: true }],
    },
  },
});
`;
}

export function writeDrizzleProject(dir: string, n: number): void {
  const schemaDir = join(dir, 'schema');
  mkdirSync(schemaDir, { recursive: true });
  for (let i = 1; i <= n; i++) writeFileSync(join(schemaDir, `flow_${i}.ts`), drizzleSource(i));
}

export function drizzleSource(i: number, extraColumn = ''): string {
  return `import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, numeric, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
export const s = pgSchema('flow_${i}');
export const level = s.enum('items_level', ['low', 'mid', 'high']);
export const instances = s.table('instances', {
  id: uuid('id').primaryKey().defaultRandom(),
  key: text('key').notNull().unique(),
  flowVersion: text('flow_version').notNull(),
  currentState: text('current_state').notNull(),
  status: text('status').notNull().default('active'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  completedAt: timestamp('completed_at', { withTimezone: true }),
}, (t) => [index('instances_status_current_state_idx').on(t.status, t.currentState), check('instances_status_check', sql\`status IN ('active', 'completed', 'cancelled', 'faulted')\`)]);
export const instanceData = s.table('instance_data', {
  instanceId: uuid('instance_id').notNull().references(() => instances.id, { onDelete: 'cascade' }),
  version: integer('version').notNull(),
  isLatest: boolean('is_latest').notNull().default(true),
  etag: uuid('etag').notNull().defaultRandom(),
  data: jsonb('data').notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  ref: text('ref').generatedAlwaysAs(sql\`(data ->> 'ref')\`),
}, (t) => [primaryKey({ columns: [t.instanceId, t.version] }), uniqueIndex('instance_data_latest_idx').on(t.instanceId).where(sql\`is_latest\`), index('instance_data_ref_idx').on(t.ref).where(sql\`is_latest\`), check('instance_data_version_check', sql\`version > 0\`)]);
export const instanceTransitions = s.table('instance_transitions', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  instanceId: uuid('instance_id').notNull().references(() => instances.id, { onDelete: 'cascade' }),
  transition: text('transition').notNull(),
  fromState: text('from_state').notNull(),
  toState: text('to_state').notNull(),
  body: jsonb('body'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('instance_transitions_instance_id_id_idx').on(t.instanceId, t.id)]);
export const items = s.table('items', {
  id: uuid('id').primaryKey().defaultRandom(),
  instanceId: uuid('instance_id').notNull().references(() => instances.id, { onDelete: 'cascade' }),
  name: varchar('name', { length: 100 }).notNull(),
  qty: integer('qty').notNull().default(0),
  price: numeric('price', { precision: 12, scale: 2 }).notNull(),
  active: boolean('active').notNull().default(true),
  level: level('level').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),${extraColumn}
}, (t) => [index('items_instance_id_level_idx').on(t.instanceId, t.level), uniqueIndex('items_name_idx').on(t.name)]);
`;
}
