import { defineExtension } from 'flowschema';

// An extension that adds delivery metrics to the instance responses of the flows that declare it.
export default defineExtension({
  key: 'dispatch-metrics',
  domain: 'notification',
  version: '1.0.0',
  tags: ['notification'],
  attributes: {
    type: 3,
    scope: 1,
    task: {
      order: 1,
      task: { key: 'send-sms', domain: 'notification', flow: 'sys-tasks', version: '1.0.0' },
      mapping: { location: './src/DispatchMetricsMapping.csx', code: 'cmV0dXJuIG51bGw7', encoding: 'B64' },
    },
  },
});
