import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'evo',
  domain: 'd',
  version: '1.0.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  data: {  },
  tables: {
    measures: {
      columns: {
        id: { type: 'integer', primaryKey: true },
        big: { type: 'bigint' },
        count: { type: 'integer' },
        price: { type: 'numeric', precision: 10, scale: 2 },
        rate: { type: 'numeric', precision: 10, scale: 4 },
        amount: { type: 'numeric', precision: 10, scale: 2 },
        ratio: { type: 'double' },
        code: { type: 'char', length: 10 },
        label: { type: 'varchar', length: 40 },
        tags: { type: 'integer', array: true },
      },
    },
  },
  seeds: {  },
  migrations: {  },
});
