import { defineFlow } from 'flowschema';
export default defineFlow({ key: 'f', domain: 'd', version: '1.0.0',
  errorBoundary: {
    onError: [
      { action: 'explode' },
      { action: 'abort', transition: 'go' },
      { action: 'retry', priority: 0 },
      { action: 'notify', errorCodes: [''] },
      { action: 'rollback', transition: 'nowhere', retryPolicy: { initialDelay: '5 seconds', backoffType: 'linear', backoffMultiplier: 0.5, maxRetries: -1 } },
    ],
  },
  states: {
    a: { type: 'initial', errorBoundary: { onError: 'retry' }, transitions: { go: 'b' } },
    b: { type: 'final' },
  },
});
