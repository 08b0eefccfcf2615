import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'evo',
  domain: 'd',
  version: '1.1.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  data: {  },
  tables: {
    items: { comment: "Items, renamed's comment.", columns: { id: { type: 'integer', primaryKey: true, comment: 'Key.' }, name: { type: 'text' } } },
  },
  seeds: {  },
  migrations: {  },
});
