import { defineFlow, sql } from 'flowschema';

export default defineFlow({
  key: 'f',
  domain: 'vfy',
  version: '1.1.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  tables: {
    items: {
      columns: {
        id: { type: 'integer', primaryKey: true },
        qty: { type: 'integer', using: 'qty::integer' },
      },
    },
  },
  seeds: {
    items: [{ id: 1, qty: 3 }],
  },
  migrations: {
    '1.1.0': { allowDestructive: ['items.qty'] },
  },
});
