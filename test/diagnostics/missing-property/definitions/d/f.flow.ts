import { defineFlow, sql } from 'flowschema';
export default defineFlow({ key: 'f', domain: 'd', states: { a: { type: 'initial', transitions: { go: 'b' } }, b: { type: 'final' } },
});
