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
  // a typo, a column that is not dropped, a data field and an enum type this version does not touch: each is FS2102
  migrations: { '1.1.0': { allowDestructive: ['items.legacy', 'items.legasy', 'items.name', 'data.legacy', 'enum:items_kind'] } },
});
