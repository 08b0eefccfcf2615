import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'evo',
  domain: 'd',
  version: '1.0.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  data: {  },
  tables: {
    lines: { columns: { orderId: { type: 'integer' }, lineNo: { type: 'integer' }, sku: { type: 'text' } }, primaryKey: ['orderId'] },
  },
  seeds: { lines: [{ orderId: 1, lineNo: 1, sku: 'a' }] },
  migrations: {  },
});
