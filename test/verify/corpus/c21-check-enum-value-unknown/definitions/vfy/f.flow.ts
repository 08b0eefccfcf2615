import { defineFlow, sql } from 'flowschema';

export default defineFlow({
  key: 'f',
  domain: 'vfy',
  version: '1.0.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  tables: {
    tickets: {
      columns: {
        id: { type: 'integer', primaryKey: true },
        status: { type: 'enum', values: ['open', 'closed'] },
      },
      checks: { not_pending: "status <> 'pending'" },
    },
  },
});
