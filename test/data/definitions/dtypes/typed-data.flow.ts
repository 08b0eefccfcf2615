import { defineFlow } from 'flowschema';

// One required data field of every type (arrays too), one optional field,
// and keys a JSON pointer must escape. test/data/ checks each against
// valid, invalid, missing and extra values.
export default defineFlow({
  key: 'typed-data',
  domain: 'dtypes',
  version: '1.0.0',
  states: {
    open: { type: 'initial', transitions: { review: 'reviewing' } },
    reviewing: { transitions: { accept: 'done', reopen: 'open' } },
    done: { type: 'final' },
  },
  data: {
    aText: { type: 'text' },
    aVarchar: { type: 'varchar', length: 5 },
    aChar: { type: 'char', length: 3 },
    aSmallint: { type: 'smallint' },
    anInteger: { type: 'integer', index: true },
    aBigint: { type: 'bigint' },
    requestedAmount: { type: 'numeric', precision: 6, scale: 2, index: true },
    aWhole: { type: 'numeric', precision: 4 },
    anyNumeric: { type: 'numeric' },
    aReal: { type: 'real' },
    aDouble: { type: 'double' },
    aBoolean: { type: 'boolean' },
    aDate: { type: 'date' },
    aTime: { type: 'time' },
    aTimestamp: { type: 'timestamp' },
    aTimestamptz: { type: 'timestamptz' },
    anInterval: { type: 'interval' },
    aUuid: { type: 'uuid', index: 'unique' },
    aJson: { type: 'json' },
    aJsonb: { type: 'jsonb' },
    aBytea: { type: 'bytea' },
    anInet: { type: 'inet', index: true },
    channel: { type: 'enum', values: ['sms', 'email', 'push'], index: true },
    tags: { type: 'text', array: true },
    levels: { type: 'enum', values: ['low', 'high'], array: true },
    counts: { type: 'integer', array: true },
    'a/b~c': { type: 'text', comment: 'a key with / and ~, escaped in JSON pointers as ~1 and ~0' },
    note: { type: 'text', optional: true },
  },
  tables: {
    attachments: {
      columns: {
        id: { type: 'bigint', primaryKey: true },
        instanceId: { type: 'uuid', references: { table: 'instances', onDelete: 'cascade' } },
        fileName: { type: 'varchar', length: 100 },
        amount: { type: 'numeric', precision: 10, scale: 2, optional: true },
        dueOn: { type: 'date', optional: true },
        days: { type: 'date', array: true, optional: true },
      },
    },
  },
});
