import { defineFlow, sql } from 'flowschema';

export default defineFlow({
  key: 'f',
  domain: 'vfy',
  version: '1.0.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  tables: {
    notes: {
      columns: {
        id: { type: 'integer', primaryKey: true },
        body: { type: 'text', optional: true },
      },
    },
  },
  seeds: {
    notes: [{ id: 1, body: 'x' }, { id: 2 }],
  },
});
