import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'evo',
  domain: 'd',
  version: '2.0.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  data: {  },
  tables: {
    items: { columns: { id: { type: 'integer' }, code: { type: 'text', unique: true } }, primaryKey: ['id', 'code'] },
    parts: { columns: { id: { type: 'integer', primaryKey: true }, itemId: { type: 'integer' }, itemCode: { type: 'text', optional: true, references: { table: 'items', column: 'code' } } } },
  },
  seeds: {  },
  migrations: {  },
});
