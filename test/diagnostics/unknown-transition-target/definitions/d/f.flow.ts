import { defineFlow, sql } from 'flowschema';
export default defineFlow({ key: 'f', domain: 'd', version: '1.0.0',
  states: { a: { type: 'initial', transitions: { go: 'bb' } }, b: { type: 'final' } },
});
