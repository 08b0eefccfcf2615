import { defineFlow, sql } from 'flowschema';
export default defineFlow({ key: 'f', domain: 'd', version: '1.0.0', labels: { EN: 'F' }, states: { a: { type: 'initial', transitions: { go: 'b' } }, b: { type: 'final' } },
});
