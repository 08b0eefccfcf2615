import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'f',
  domain: "sec-c19",
  version: "1.1.0",
  states: { a: { type: 'initial', transitions: { go: 'b' } }, b: { type: 'final' } },
  tables: {
    t: {
      columns: {
        id: { type: 'integer', primaryKey: true },
        note: { type: 'integer', optional: true, using: "note::integer, DROP COLUMN id" },
      },
    },
  },
  migrations: { '1.1.0': { allowDestructive: ['t.note'] } },
});
