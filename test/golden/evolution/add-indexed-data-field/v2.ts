import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'evo',
  domain: 'd',
  version: '1.1.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  data: { email: { type: 'text', index: 'unique' }, score: { type: 'integer', index: true, optional: true } },
  tables: {
    items: { columns: { id: { type: 'integer', primaryKey: true }, name: { type: 'text' } } },
  },
  seeds: {  },
  migrations: { '1.1.0': { allowLocking: ['data.email', 'data.score'] } },
});
