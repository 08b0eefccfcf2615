import { defineFlow, sql } from 'flowschema';

export default defineFlow({
  key: 'f',
  domain: 'vfy',
  version: '1.1.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  tables: {
    codes: {
      columns: {
        id: { type: 'integer', primaryKey: true },
        code: { type: 'text' },
      },
      unique: [['code']],
    },
  },
  seeds: {
    codes: [
      { id: 1, code: 'a' },
      { id: 2, code: 'a' },
    ],
  },
});
