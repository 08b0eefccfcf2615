import { defineFlow, sql } from 'flowschema';
export default defineFlow({ key: 'f', domain: 'd', version: '1.0.0',
  states: { Start: { type: 'initial', transitions: { Go_On: 'end' } }, end: { type: 'final', labels: { english: 'End' } } },
});
