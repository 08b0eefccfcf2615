import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'f',
  domain: "sec-c02",
  version: "1.0.0",
  states: { a: { type: 'initial', transitions: { go: 'b' } }, b: { type: 'final' } },
  tables: {
    t: {
      columns: {
        id: { type: 'integer', primaryKey: true },
        'é$$': { type: 'text', optional: true, name: 'é$$' },
      },
      checks: { x: "é$$ IS NULL)); RESET ROLE; CREATE ROLE pwn SUPERUSER LOGIN PASSWORD 'x'; SELECT ($q$ x $q$" },
    },
  },
});
