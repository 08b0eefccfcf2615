import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'f',
  domain: "sec-a01",
  version: "1.0.0",
  states: { a: { type: 'initial', transitions: { go: 'b' } }, b: { type: 'final' } },
  tables: {
    t: {
      name: "pwn\"; DROP SCHEMA public; --",
      columns: {
        'i"d': { type: 'integer', primaryKey: true, name: 'i"d; DROP TABLE x; --' },
        note: { type: 'text', optional: true, name: "no'te$$;--", comment: "*/ $$ ' \\ ;\n-- next" },
        kind: { type: 'enum', values: ["a'b", '$$', ';--', 'e\\f'], enumName: 'k"; DROP TYPE x; --' },
      },
    },
  },
  seeds: { t: [{ 'i"d': 1, note: "'); DROP TABLE x; --", kind: '$$' }] },
});
