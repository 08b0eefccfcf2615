import { defineFlow, sql } from 'flowschema';
import { baseColumn, columns, limits, STATUSES } from '../common/values.ts';
import { EXTRA } from '../common/more.js.ts';

const states = {
  a: { type: 'initial', transitions: { go: 'b' } },
  b: { type: 'final' },
} as const;

const flow = defineFlow({
  key: 'things',
  domain: 'app',
  version: '1.0.0',
  states: { ...states },
  tables: {
    things: {
      columns: {
        id: { type: 'integer', primaryKey: true },
        ...columns,
        status: { type: 'enum', values: [...STATUSES, ...EXTRA], default: STATUSES[0] },
        copy: { ...baseColumn, default: limits.max },
        overridden: { ...columns.note, optional: false, default: 'x' },
      },
    },
  },
  seeds: { things: [{ id: -1 }, { id: 2, status: 'mid', note: 'n' }] },
});
export default flow;
