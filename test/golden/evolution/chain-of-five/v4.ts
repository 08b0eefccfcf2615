import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'evo',
  domain: 'd',
  version: '2.0.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  data: { ref: { type: 'text', index: true } },
  tables: {
    products: { renamedFrom: 'items', columns: { id: { type: 'integer', primaryKey: true }, title: { type: 'text', renamedFrom: 'name' }, qty: { type: 'bigint', default: 0 } }, indexes: [{ columns: ['title'] }] },
  },
  seeds: {  },
  migrations: { '2.0.0': { allowLocking: ['products.qty'] } },
});
