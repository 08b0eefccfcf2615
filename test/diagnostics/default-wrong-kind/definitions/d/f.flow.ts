import { defineFlow, sql } from 'flowschema';
export default defineFlow({ key: 'f', domain: 'd', version: '1.0.0', states: { a: { type: 'initial', transitions: { go: 'b' } }, b: { type: 'final' } },
  tables: { t: { columns: {
    a: { type: 'integer', default: '1' },
    b: { type: 'boolean', default: 0 },
    c: { type: 'enum', values: ['x'], default: 'y' },
    d: { type: 'varchar', length: 2, default: 'abc' },
    e: { type: 'text', default: null },
    f: { type: 'smallint', default: 40000 },
    g: { type: 'uuid', default: 'not-a-uuid' },
  } } },
});
