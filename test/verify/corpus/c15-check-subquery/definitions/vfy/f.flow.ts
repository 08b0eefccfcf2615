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
        currency: { type: 'text' },
      },
      checks: { known_currency: 'currency IN (SELECT code FROM f.currencies)' },
    },
  },
});
