import { defineFlow } from 'flowschema';
export default defineFlow({
  key: 'ping',
  domain: 'core',
  version: '0.1.0',
  states: {
    start: { type: 'initial', transitions: { done: 'end' } },
    end: { type: 'final' },
  },
});
