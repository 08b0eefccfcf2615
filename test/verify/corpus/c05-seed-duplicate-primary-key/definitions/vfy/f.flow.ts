import { defineFlow, sql } from 'flowschema';

export default defineFlow({
  key: 'f',
  domain: 'vfy',
  version: '1.0.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  tables: {
    codes: {
      columns: {
        code: { type: 'text', primaryKey: true },
        label: { type: 'text' },
      },
    },
  },
  seeds: {
    codes: [
      { code: 'x', label: 'first' },
      { code: 'y', label: 'second' },
      { code: 'x', label: 'again' },
    ],
  },
});
