import { defineFlow } from 'flowschema';
export default defineFlow({ key: 'f', domain: 'd', version: '1.0.0',
  queryRoles: 'admin',
  start: { roles: [{ role: '', grant: 'allow' }] },
  states: {
    a: { type: 'initial', queryRoles: [{ role: 'admin' }], transitions: { go: { target: 'b', roles: [{ role: 'admin', grant: 'maybe', when: 'always' }] } } },
    b: { type: 'final' },
  },
});
