import { defineFlow } from 'flowschema';
// Names and literals full of quotes, backslashes, $$, semicolons and comment
// markers: every one must be quoted, and stored verbatim.
export default defineFlow({
  key: 'hostile-names',
  domain: 'evil',
  version: '1.0.0',
  labels: { en: "Robert'); DROP TABLE students;--" },
  states: { start: { type: 'initial' } },
  data: {
    'we"ird': { type: 'text', index: true, name: 'we"ird; --' },
  },
  tables: {
    payload: {
      name: 'pay"load; DROP SCHEMA public; --',
      comment: "it's a trap */ /* $$ \\ ;\n-- next line",
      columns: {
        id: { type: 'integer', primaryKey: true, name: 'i"d' },
        body: { type: 'text', name: "bo'dy$$", comment: "O'Reilly \\n $tag$ -- x", default: "'; SELECT pg_sleep(10); --" },
        tag: { type: 'enum', values: ["a'b", 'c"d', 'e\\f', '$$', ';--'], enumName: 'ta"g' },
      },
      checks: { 'quote"check': "\"bo'dy$$\" <> 'x'';--'" },
      indexes: [{ columns: ['body'], name: 'idx"; --' }],
    },
  },
  seeds: {
    payload: [
      { id: 1, body: "'); DELETE FROM x; --", tag: "a'b" },
      { id: 2, body: 'back\\slash \\\' and $$dollar$$ and /* c */', tag: '$$' },
      { id: 3, body: 'line\nbreak\ttab', tag: ';--' },
    ],
  },
});
