import { defineFlow, sql } from 'flowschema';

export default defineFlow({
  key: 'f',
  domain: 'vfy',
  version: '1.0.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  tables: {
    currencies: {
      columns: { code: { type: 'text', primaryKey: true } },
    },
    prices: {
      columns: {
        id: { type: 'integer', primaryKey: true },
        currency: { type: 'text', references: { table: 'currencies', column: 'code' } },
      },
    },
  },
  seeds: {
    currencies: [{ code: 'EUR' }],
    prices: [
      { id: 1, currency: 'EUR' },
      { id: 2, currency: 'USD' },
    ],
  },
});
