import { defineFlow, sql } from 'flowschema';

export default defineFlow({
  key: 'f',
  domain: 'vfy',
  version: '1.0.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  tables: {
    labels: {
      columns: {
        id: { type: 'integer', primaryKey: true },
        text: { type: 'text' },
      },
    },
  },
  seeds: {
    labels: [{ id: 1, text: 'one' }, { id: 2, text: sql('NULL') }],
  },
});
