import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'evo',
  domain: 'd',
  version: '1.1.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  data: { ref: { type: 'text', index: 'unique' }, amount: { type: 'bigint', index: true } },
  tables: {
    items: { columns: { id: { type: 'integer', primaryKey: true }, name: { type: 'text' } } },
  },
  seeds: {  },
  migrations: { '1.1.0': { allowLocking: ['data.amount'] } },
});
