import { defineFlow, sql } from 'flowschema';
import { auditColumns, idColumn, instanceRef } from '../shared/columns.ts';

const CHANNELS = ['sms', 'email', 'push'] as const;

export default defineFlow({
  key: 'notification-dispatch',
  domain: 'notification',
  version: '1.0.0',
  labels: { en: 'Notification Dispatch' },
  states: {
    queued: { type: 'initial', transitions: { send: 'sending', cancel: 'cancelled' } },
    sending: { transitions: { delivered: 'delivered', failed: 'retrying' } },
    retrying: { transitions: { send: 'sending', 'give-up': 'failed' } },
    delivered: { type: 'final' },
    failed: { type: 'final' },
    cancelled: { type: 'final' },
  },
  data: {
    recipient: { type: 'text', index: true },
    channel: { type: 'enum', values: CHANNELS, index: true },
    templateKey: { type: 'text' },
    correlationId: { type: 'uuid', index: 'unique' },
    priority: { type: 'smallint', optional: true },
  },
  tables: {
    templates: {
      comment: 'Message templates by key, channel and language.',
      columns: {
        key: { type: 'varchar', length: 80 },
        channel: { type: 'enum', values: CHANNELS, enumName: 'channel' },
        language: { type: 'char', length: 2, default: 'en' },
        subject: { type: 'text', optional: true },
        body: { type: 'text' },
        variables: { type: 'json', default: [] },
      },
      primaryKey: ['key', 'channel', 'language'],
    },
    attempts: {
      columns: {
        ...idColumn,
        ...instanceRef,
        attemptNo: { type: 'integer' },
        providerResponse: { type: 'jsonb', optional: true },
        costCents: { type: 'numeric', precision: 10, scale: 4, optional: true },
        deliveryRatio: { type: 'double', optional: true },
        ...auditColumns,
      },
      indexes: [{ columns: ['instanceId', 'attemptNo'], unique: true }],
      checks: { attempt_no_positive: 'attempt_no > 0' },
    },
  },
  seeds: {
    templates: [
      { key: 'otp', channel: 'sms', body: 'Your code is {{code}}', variables: ['code'] },
      { key: 'otp', channel: 'sms', language: 'tr', body: 'Kodunuz: {{code}}', variables: ['code'] },
      { key: 'welcome', channel: 'email', subject: 'Welcome!', body: 'Hello {{name}},\nwelcome aboard.', variables: ['name'] },
    ],
  },
});
