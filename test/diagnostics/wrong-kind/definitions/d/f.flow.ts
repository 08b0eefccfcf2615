import { defineFlow, sql } from 'flowschema';
export default defineFlow({ key: 'f', domain: 'd', version: 1, states: { a: { type: 'initial', transitions: { go: 'b' } }, b: { type: 'final' } },
  tables: { t: { columns: { id: { type: 'integer', optional: 'yes' } } } },
});
