import { defineFlow, sql } from 'flowschema';
import { shared } from './nowhere.ts';
export default defineFlow({ key: 'f', domain: 'd', version: '1.0.0', states: { a: { type: 'initial', transitions: { go: 'b' } }, b: { type: 'final' } },
  tables: { t: { columns: { ...shared } } },
});
