import { defineFlow } from 'flowschema';
export default defineFlow({ key: 'f', domain: 'd', version: '1.0.0', states: { a: { type: 'initial', transitions: { go: 'b' } }, b: { type: 'final' } },
  tables: {
    items: {
      columns: { id: { type: 'integer', primaryKey: true }, code: { type: 'text' }, qty: { type: 'integer' } },
      indexes: [{ columns: ['code'], name: 'flowschema_key_items_name_key' }],
      checks: { flowschema_not_null_qty: 'qty IS NOT NULL' },
    },
  },
});
