import { defineFlow, sql } from 'flowschema';

export default defineFlow({
  key: 'f',
  domain: 'vfy',
  version: '1.0.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  tables: {
    ratios: {
      columns: {
        id: { type: 'integer', primaryKey: true },
        value: { type: 'numeric' },
      },
    },
  },
  seeds: {
    ratios: [{ id: 1, value: sql('1 / 0') }],
  },
});
