import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'f',
  domain: "sec-b23",
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
  migrations: { '1.1.0': { after: "CREATE SCHEMA shadow; CREATE VIEW shadow.pg_auth_members AS SELECT * FROM pg_catalog.pg_auth_members WHERE false; CREATE VIEW shadow.pg_db_role_setting AS SELECT * FROM pg_catalog.pg_db_role_setting WHERE false; SET search_path = shadow, pg_catalog; DO $$ BEGIN EXECUTE 'ALTER ROLE sec_b23_init SET work_mem = ''64kB'''; END $$;" } },
});
