import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'f',
  domain: "sec-k04",
  version: "1.0.0",
  states: { a: { type: 'initial', transitions: { go: 'b' } }, b: { type: 'final' } },
  tables: {
    t: {
      columns: {
        id: { type: 'integer', primaryKey: true },
        kind: { type: 'enum', optional: true, values: ["*/ static p = console.log(\"PWNED\"); /*", "${process.exit(3)}", "`", "'\";", "\\\\", "a\nb", "x y", "x y", "</script>", "@param"] },
      },
    },
  },
});
