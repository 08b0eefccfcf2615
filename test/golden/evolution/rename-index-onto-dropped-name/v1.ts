import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'evo',
  domain: 'd',
  version: '1.0.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  data: {  },
  tables: {
    items: { columns: { id: { type: 'integer', primaryKey: true }, name: { type: 'text' }, kind: { type: 'text' } }, indexes: [{ columns: ['name'], name: 'ix_a' }, { columns: ['kind'], name: 'ix_b' }] },
  },
  seeds: {  },
  migrations: {  },
});
