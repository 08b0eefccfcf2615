import { defineFlow, sql } from 'flowschema';
const v = '1';
export default defineFlow({ key: 'f', domain: 'd', version: `${v}.0.0`, states: { a: { type: 'initial', transitions: { go: 'b' } }, b: { type: 'final' } },
});
