import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'evo',
  domain: 'd',
  version: '2.0.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  data: {  },
  tables: {
    measures: {
      columns: {
        id: { type: 'integer', primaryKey: true },
        big: { type: 'integer' },                               // bigint -> integer
        count: { type: 'smallint' },                            // integer -> smallint
        price: { type: 'numeric', precision: 8, scale: 2 },     // fewer digits
        rate: { type: 'numeric', precision: 10, scale: 2 },     // a smaller scale
        amount: { type: 'numeric', precision: 10, scale: 3 },   // a larger scale, so fewer integer digits
        ratio: { type: 'real' },                                // double -> real
        code: { type: 'char', length: 5 },                      // shorter char(n)
        label: { type: 'varchar', length: 20 },                 // shorter varchar(n)
        tags: { type: 'smallint', array: true },                // integer[] -> smallint[]
      },
    },
  },
  seeds: {  },
  migrations: {  },
});
