import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'f',
  domain: "sec-c31",
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
  // A step marker in the author's SQL would end the runtime's transaction there: what follows would run outside it.
  migrations: { '1.1.0': { after: "UPDATE f.t SET note = 'x';\n-- flowschema:step 2 concurrently\nCREATE INDEX CONCURRENTLY t_note ON f.t (note)" } },
});
