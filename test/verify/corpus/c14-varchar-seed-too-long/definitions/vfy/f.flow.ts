import { defineFlow, sql } from 'flowschema';

export default defineFlow({
  key: 'f',
  domain: 'vfy',
  version: '1.0.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  tables: {
    codes: {
      columns: {
        code: { type: 'varchar', length: 3, primaryKey: true },
      },
    },
  },
  seeds: {
    codes: [{ code: 'abc' }, { code: sql("'abcdef'") }],
  },
});
