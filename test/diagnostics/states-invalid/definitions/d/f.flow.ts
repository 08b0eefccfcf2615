import { defineFlow, script } from 'flowschema';

export default defineFlow({
  key: 'kinds',
  domain: 'd',
  version: '1.0.0',
  errorBoundary: { onError: [], onTimeout: { action: 'abort', transition: 'b' } },
  timeout: { target: 'nowhere', timer: { reset: 'never', duration: '30 days' } },
  sharedTransitions: {
    help: { target: '$self', availableIn: ['a', 'unknown-state'] },
    'Add Note': { target: '$self' },
    tick: { target: '$self', timer: script('./src/Rule.csx'), availableIn: ['a'] },
    auto: { target: 'b', rule: script('./src/Rule.csx') },
  },
  states: {
    a: { type: 'initial', errorBoundary: { onError: [], onTimeout: { action: 'notify', transition: 'missing-state' } }, interaction: { longPoll: { terminate: true, fallbackTimeoutSeconds: 0, roles: [] } }, transitions: { go: 'sub', other: 'wiz' } },
    sub: { type: 'subflow', transitions: { done: 'b' } },
    wiz: { type: 'wizard', subFlow: { process: { key: 'x', version: '1.0.0', external: true }, mapping: script('./src/Rule.csx') }, transitions: { one: 'b', two: 'b' } },
    sub2: { type: 'subflow', subFlow: { process: { key: 'x', version: '1.0.0', external: true }, mapping: script('./src/Rule.csx'), overrides: { views: { 'My View': { key: 'v', version: '1.0.0', external: true } }, states: { X_Y: {} } } }, transitions: { done: 'b' } },
    b: { type: 'final', transitions: { back: 'a' } },
  },
});
