import { defineFlow, sql } from 'flowschema';

export default defineFlow({
  key: 'f',
  domain: 'vfy',
  version: '1.1.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  tables: {
    notes: {
      columns: {
        id: { type: 'integer', primaryKey: true },
        body: { type: 'text' },
      },
    },
  },
  seeds: {
    notes: [{ id: 1, body: 'x' }],
  },
  migrations: {
    '1.1.0': { allowDestructive: ['notes.body'] },
  },
});
