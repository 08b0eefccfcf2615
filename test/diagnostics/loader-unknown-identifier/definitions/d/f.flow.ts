import { defineFlow, sql } from 'flowschema';
export default defineFlow({ key: 'f', domain: 'd', version: VERSION, states: { a: { type: 'initial', transitions: { go: 'b' } }, b: { type: 'final' } },
});
