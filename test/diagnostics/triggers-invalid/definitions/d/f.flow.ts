import { defineFlow, script } from 'flowschema';

export default defineFlow({
  key: 'triggers',
  domain: 'd',
  version: '1.0.0',
  states: {
    a: {
      type: 'initial',
      transitions: {
        both: { target: 'b', rule: script('./src/Rule.csx'), timer: script('./src/Rule.csx') },
        'auto-timer': { target: 'b', auto: true, timer: script('./src/Rule.csx') },
        'timer-mapping': { target: 'b', timer: script('./src/Rule.csx'), mapping: script('./src/Rule.csx') },
        'rule-schema': { target: 'b', rule: script('./src/Rule.csx'), schema: { key: 's', version: '1.0.0', external: true } },
        'event-view': { target: 'b', event: script('./src/Rule.csx'), view: { key: 'v', version: '1.0.0', external: true } },
        absolute: { target: 'b', rule: script('/etc/passwd.csx') },
        'not-csx': { target: 'b', rule: script('./src/Rule.cs') },
        missing: { target: 'b', rule: script('./src/Missing.csx') },
        escape: { target: 'b', rule: script('../../../../outside.csx') },
        'not-a-script': { target: 'b', rule: 'return true;' },
      },
    },
    b: { type: 'final' },
  },
});
