// Imported by flowschema import from vnext/Tasks/score-customer.json.
import { defineTask } from 'flowschema';

export default defineTask({
  key: 'score-customer',
  domain: 'loans',
  version: '1.2.0',
  tags: ['loans', 'scoring'],
  attributes: {
    type: '3',
    config: { appId: 'risk-engine', methodName: '/api/v1/score', httpVerb: 'POST', timeoutSeconds: 5 },
  },
});
