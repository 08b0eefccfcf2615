import { defineFlow, script } from 'flowschema';
import form from './view.ts';

export default defineFlow({
  key: 'refs',
  domain: 'd',
  version: '1.0.0',
  functions: [{ key: 'profile', version: '1.0.0' }, { key: 'profile', domain: 'crm', version: '1.0.0', external: true }],
  extensions: [{ ref: 'Tasks/score.json' }, { ref: 'Extensions/missing.json' }, { ref: 'Extensions/sub/missing.json' }, { ref: 'Extensions/sub/other.json', external: true }],
  scripts: { helpers: [{ ref: 'Mappings/helper.json' }] },
  states: {
    a: {
      type: 'initial',
      onEntries: [
        { task: form, mapping: script('./src/Rule.csx') },
        { task: { key: 'score', version: '1.0.0' }, mapping: script('./src/Rule.csx') },
        { task: { key: 'score', version: '2.0.0' }, mapping: script('./src/Rule.csx'), order: 0 },
        { task: { key: 'score', version: '2.0.0' } },
      ],
      transitions: { go: { target: 'b', schema: { key: 'input', version: '1.0.0' } } },
    },
    b: { type: 'final' },
  },
});
