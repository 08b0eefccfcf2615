import { defineFunction } from 'flowschema';

// A flow-scoped function API that asks the SMS provider for a delivery status.
export default defineFunction({
  key: 'delivery-status',
  domain: 'notification',
  version: '1.0.0',
  tags: ['notification'],
  attributes: {
    scope: 'F',
    task: {
      order: 1,
      task: { key: 'send-sms', domain: 'notification', flow: 'sys-tasks', version: '1.0.0' },
      mapping: { location: './src/DeliveryStatusMapping.csx', code: 'cmV0dXJuIG51bGw7', encoding: 'B64' },
    },
  },
});
