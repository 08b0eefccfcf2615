import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'evo',
  domain: 'd',
  version: '1.2.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  data: {  },
  tables: {
    items: { columns: { id: { type: 'integer', primaryKey: true }, name: { type: 'text' }, kind: { type: 'enum', values: ['a', 'b'] } } },
  },
  seeds: {  },
  // 1.2.0 destroys nothing: its entry names nothing (1.1.0's entry is history and is not checked)
  migrations: { '1.1.0': { allowDestructive: ['items.legacy'] }, '1.2.0': { allowDestructive: ['items.name'] } },
});
