import { defineFlow } from 'flowschema';
export default defineFlow({ key: 'f', domain: 'd', version: '1.0.0',
  type: 'X',
  tags: [],
  start: { key: 'Begin', labels: { english: 'Begin' }, target: 'b' },
  states: {
    a: { type: 'initial', transitions: { go: { target: 'b', labels: { EN: 'Go' }, trigger: 'auto' }, skip: { labels: { en: 'Skip' } } } },
    b: { type: 'final' },
  },
});
