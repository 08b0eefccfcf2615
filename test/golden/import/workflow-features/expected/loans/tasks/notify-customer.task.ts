// Imported by flowschema import from vnext/Tasks/notify-customer.json.
import { defineTask } from 'flowschema';

export default defineTask({
  key: 'notify-customer',
  domain: 'loans',
  version: '1.0.0',
  attributes: { type: '3', config: { appId: 'notifier', methodName: '/api/v1/notify', httpVerb: 'POST' } },
});
