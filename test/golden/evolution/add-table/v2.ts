import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'evo',
  domain: 'd',
  version: '1.1.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  data: {  },
  tables: {
    items: { columns: { id: { type: 'integer', primaryKey: true }, name: { type: 'text' } } },
    notes: { columns: { id: { type: 'uuid', primaryKey: true, default: sql('gen_random_uuid()') }, itemId: { type: 'integer', references: { table: 'items', onDelete: 'cascade' } }, body: { type: 'text' } }, indexes: [{ columns: ['itemId'] }], comment: 'Notes on items.' },
  },
  seeds: {  },
  migrations: {  },
});
