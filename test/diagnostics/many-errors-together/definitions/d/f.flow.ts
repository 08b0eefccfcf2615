import { defineFlow, sql } from 'flowschema';
import { cols } from './shared.ts';
export default defineFlow({ key: 'F', domain: 'd', version: 'v1',
  states: { a: { transitions: { go: 'zz' } } },
  tables: { t: { columns: { ...cols, bad: { type: 'money' } } } },
});
