import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'f',
  domain: "sec-k02",
  version: "1.0.0",
  states: { a: { type: 'initial', transitions: { go: 'b' } }, b: { type: 'final' } },
  tables: {
    t: {
      columns: {
        id: { type: 'integer', primaryKey: true },
        "c0": { type: 'text', optional: true, name: "*/ static p = console.log(\"PWNED\"); /*" },
        "c1": { type: 'text', optional: true, name: "${process.exit(3)}" },
        "c2": { type: 'text', optional: true, name: "`" },
        "c3": { type: 'text', optional: true, name: "'\";" },
        "c4": { type: 'text', optional: true, name: "\\\\" },
        "c5": { type: 'text', optional: true, name: "a\nb" },
        "c6": { type: 'text', optional: true, name: "x y" },
        "c7": { type: 'text', optional: true, name: "x y" },
        "c8": { type: 'text', optional: true, name: "</script>" },
        "c9": { type: 'text', optional: true, name: "@param" },
      },
    },
  },
});
