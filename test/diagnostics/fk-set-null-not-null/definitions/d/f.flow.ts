import { defineFlow, sql } from 'flowschema';
export default defineFlow({ key: 'f', domain: 'd', version: '1.0.0', states: { a: { type: 'initial', transitions: { go: 'b' } }, b: { type: 'final' } },
  tables: { t: { columns: { instanceId: { type: 'uuid', references: { table: 'instances', onDelete: 'set null' } } } } },
});
