import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'evo',
  domain: 'd',
  version: '1.2.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  data: { ref: { type: 'text', index: true } },
  tables: {
    items: { columns: { id: { type: 'integer', primaryKey: true }, name: { type: 'text' }, qty: { type: 'integer', default: 0 } }, indexes: [{ columns: ['name'] }] },
  },
  seeds: {  },
  migrations: { '1.2.0': { allowLocking: ['data.ref'] } },
});
