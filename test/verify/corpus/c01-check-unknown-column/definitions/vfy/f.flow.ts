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
        annualRate: { type: 'numeric', precision: 12, scale: 2 },
      },
      checks: { rate_positive: 'annualrate > 0' },
    },
  },
});
