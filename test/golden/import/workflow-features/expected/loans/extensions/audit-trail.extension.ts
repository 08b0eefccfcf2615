// Imported by flowschema import from vnext/Extensions/audit-trail.json.
import { defineExtension } from 'flowschema';

export default defineExtension({
  key: 'audit-trail',
  domain: 'loans',
  version: '1.0.0',
  attributes: {
    type: 3,
    scope: 1,
    task: {
      order: 1,
      task: { key: 'notify-customer', domain: 'loans', flow: 'sys-tasks', version: '1.0.0' },
      mapping: { location: './src/AuditMapping.csx', code: 'cmV0dXJuIG51bGw7' },
    },
  },
});
