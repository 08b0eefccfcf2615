import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'evo',
  domain: 'd',
  version: '1.1.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  data: {  },
  tables: {
    items: { columns: { id: { type: 'integer', primaryKey: true }, name: { type: 'text' }, kind: { type: 'enum', values: ['a', 'b'] } } },
  },
  seeds: {  },
  // exactly what the version destroys
  migrations: { '1.1.0': { allowDestructive: ['items.legacy'] } },
});
