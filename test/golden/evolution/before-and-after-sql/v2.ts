import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'evo',
  domain: 'd',
  version: '1.1.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  data: {  },
  tables: {
    items: { columns: { id: { type: 'integer', primaryKey: true }, name: { type: 'text' }, total: { type: 'integer', optional: true }, doubled: { type: 'integer', optional: true } } },
  },
  seeds: {  },
  migrations: { '1.1.0': { before: 'UPDATE evo.items SET total = coalesce(total, 0)', after: 'UPDATE evo.items SET doubled = total * 2;' } },
});
