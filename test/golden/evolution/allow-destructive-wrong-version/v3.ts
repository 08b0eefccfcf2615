import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'evo',
  domain: 'd',
  version: '1.2.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  data: {  },
  tables: {
    items: { columns: { id: { type: 'integer', primaryKey: true }, name: { type: 'text' }, note: { type: 'text', optional: true } } },
  },
  seeds: {  },
  // allowed under the wrong version: 1.1.0's migration is history; the drop comes with 1.2.0 and is refused
  migrations: { '1.1.0': { allowDestructive: ['items.legacy'] } },
});
