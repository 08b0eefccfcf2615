import { defineFlow, sql } from 'flowschema';
let version = '1.0.0';
export default defineFlow({ key: 'f', domain: 'd', version, states: { a: { type: 'initial', transitions: { go: 'b' } }, b: { type: 'final' } },
});
