import { defineTask } from 'flowschema';

// An HTTP task (vNext task type "6") that hands an SMS to the provider.
export default defineTask({
  key: 'send-sms',
  domain: 'notification',
  version: '1.0.0',
  tags: ['notification', 'sms'],
  attributes: {
    type: '6',
    config: {
      url: 'http://sms-gateway.notification.svc/v1/messages',
      method: 'POST',
      contentType: 'application/json',
      timeoutSeconds: 10,
      validateSsl: true,
    },
  },
});
