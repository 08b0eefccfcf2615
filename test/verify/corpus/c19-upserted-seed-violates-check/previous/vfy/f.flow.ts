import { defineFlow, sql } from 'flowschema';

export default defineFlow({
  key: 'f',
  domain: 'vfy',
  version: '1.0.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  tables: {
    rates: {
      columns: {
        code: { type: 'text', primaryKey: true },
        amount: { type: 'numeric', precision: 12, scale: 2 },
      },
      checks: { amount_not_negative: 'amount >= 0' },
    },
  },
  seeds: {
    rates: [{ code: 'a', amount: 1 }],
  },
});
