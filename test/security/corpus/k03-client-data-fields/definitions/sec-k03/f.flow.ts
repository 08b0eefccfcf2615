import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'f',
  domain: "sec-k03",
  version: "1.0.0",
  states: { a: { type: 'initial', transitions: { go: 'b' } }, b: { type: 'final' } },
  data: { "*/ static p = console.log(\"PWNED\"); /*": { type: 'text', optional: true }, "${process.exit(3)}": { type: 'text', optional: true }, "`": { type: 'text', optional: true }, "'\";": { type: 'text', optional: true }, "\\\\": { type: 'text', optional: true }, "a\nb": { type: 'text', optional: true }, "x y": { type: 'text', optional: true }, "x y": { type: 'text', optional: true }, "</script>": { type: 'text', optional: true }, "@param": { type: 'text', optional: true } },
  tables: {
    t: {
      columns: {
        id: { type: 'integer', primaryKey: true },
        note: { type: 'text', optional: true },
      },
    },
  },
});
