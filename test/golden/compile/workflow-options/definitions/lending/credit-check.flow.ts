import { defineFlow } from 'flowschema';

// The workflow header a definition can set: its type, tags, start transition, labels per transition, role grants,
// version strategies, state subtypes, a default automatic transition, cancel, exit and update-data.
export default defineFlow({
  key: 'credit-check',
  domain: 'lending',
  version: '1.0.0',
  type: 'S',
  tags: ['lending', 'credit', 'subflow'],
  labels: { en: 'Credit check', tr: 'Kredi kontrolü' },
  start: { key: 'begin-check', labels: { en: 'Begin the check', tr: 'Kontrole başla' }, roles: [{ role: 'loan-officer', grant: 'allow' }] },
  queryRoles: [{ role: 'loan-officer', grant: 'allow' }, { role: 'auditor', grant: 'allow' }],
  versionStrategy: 'Major',
  cancel: { target: 'withdrawn', labels: { en: 'Cancel the check' }, roles: [{ role: 'customer', grant: 'allow' }] },
  exit: { key: 'leave', target: 'left' },
  updateData: { labels: { en: 'Correct the request' } },
  errorBoundary: {
    onError: [
      { action: 'retry', errorCodes: ['500', 'Task:503'], priority: 10, retryPolicy: { initialDelay: 'PT5S', maxRetries: 3, backoffType: 'exponential', backoffMultiplier: 2, maxDelay: 'PT1M' } },
      { action: 'rollback', errorTypes: ['ValidationException'], transition: 'withdraw' },
      { action: 'abort', errorTypes: ['*'], priority: 999 },
    ],
  },
  states: {
    requested: {
      type: 'initial',
      labels: { en: 'Requested' },
      queryRoles: [{ role: 'auditor', grant: 'deny' }],
      errorBoundary: { onError: [{ action: 'notify', transition: 'cancel', logOnly: false }] },
      transitions: {
        score: { target: 'scored', labels: { en: 'Score it', tr: 'Puanla', 'en-GB': 'Score it' }, roles: [{ role: 'risk-engine', grant: 'allow' }, { role: 'customer', grant: 'deny' }] },
        withdraw: { target: 'withdrawn', versionStrategy: 'Patch' },
        expire: { target: 'expired', auto: true },
      },
    },
    scored: { type: 'final', subType: 'success', labels: { en: 'Scored' } },
    withdrawn: { type: 'final', subType: 'cancelled' },
    expired: { type: 'final', subType: 'timeout' },
    left: { type: 'final', subType: 'terminated' }, // reached by the exit transition only: no unreachable-state warning
  },
});
