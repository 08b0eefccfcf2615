import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'evo',
  domain: 'd',
  version: '2.0.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  data: {  },
  tables: {
    products: { renamedFrom: 'items', columns: { id: { type: 'integer', primaryKey: true }, name: { type: 'text', unique: true }, kind: { type: 'enum', values: ['a', 'b'] }, instanceId: { type: 'uuid', references: { table: 'instances', onDelete: 'cascade' } } }, indexes: [{ columns: ['kind'] }], checks: { name_not_empty: "name <> ''" } },
    parts: { columns: { id: { type: 'integer', primaryKey: true }, productId: { type: 'integer', renamedFrom: 'itemId', references: { table: 'products' } } } },
  },
  seeds: {  },
  migrations: {  },
});
