import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'evo',
  domain: 'd',
  version: '1.0.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  data: {  },
  tables: {
    items: { columns: { id: { type: 'integer', primaryKey: true }, name: { type: 'text', unique: true }, kind: { type: 'enum', values: ['a', 'b'] }, instanceId: { type: 'uuid', references: { table: 'instances', onDelete: 'cascade' } } }, indexes: [{ columns: ['kind'] }], checks: { name_not_empty: "name <> ''" } },
    parts: { columns: { id: { type: 'integer', primaryKey: true }, itemId: { type: 'integer', references: { table: 'items' } } } },
  },
  seeds: {  },
  migrations: {  },
});
