import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'f',
  domain: "sec-a02",
  version: "1.0.0",
  states: { a: { type: 'initial', transitions: { go: 'b' } }, b: { type: 'final' } },
  tables: {
    t: {
      columns: {
        id: { type: 'integer', primaryKey: true },
        'a;b': { type: 'integer', optional: true, name: 'a;b' },
      },
      checks: { x: "\"a;b\" > 0 OR \"a;b\" IS NULL" },
    },
  },
});
