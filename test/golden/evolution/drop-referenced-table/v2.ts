import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'evo',
  domain: 'd',
  version: '2.0.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  data: {  },
  tables: {
    parts: { columns: { id: { type: 'integer', primaryKey: true }, itemId: { type: 'integer' } } },
  },
  seeds: {  },
  migrations: { '2.0.0': { allowDestructive: ['items'] } },
});
