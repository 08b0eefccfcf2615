import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'evo',
  domain: 'd',
  version: '2.1.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  data: { reference: { type: 'text', index: 'unique', renamedFrom: 'ref' } },
  tables: {
    products: { columns: { id: { type: 'integer', primaryKey: true }, title: { type: 'text' }, qty: { type: 'bigint', default: 0 }, kind: { type: 'enum', values: ['x', 'y'], optional: true } }, indexes: [{ columns: ['title'] }], checks: { qty_non_negative: 'qty >= 0' } },
  },
  seeds: {  },
  migrations: { '2.1.0': { allowLocking: ['data.reference'] } },
});
