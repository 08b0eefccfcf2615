import { defineFlow } from 'flowschema';
export default defineFlow({ key: 'f', domain: 'd', version: '1.0.0',
  versionStrategy: 'Minorish',
  cancel: { target: 'nowhere' },
  exit: { key: 'Exit!', target: 'b', from: 'a' },
  updateData: { target: 'b' },
  states: {
    a: { type: 'initial', subType: 'happy', transitions: { go: { target: 'b', auto: true }, also: { target: 'b', auto: true, versionStrategy: 'minor' } } },
    b: { type: 'final' },
  },
});
