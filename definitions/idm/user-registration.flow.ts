import { defineFlow, sql } from 'flowschema';
import { instanceRef } from '../shared/columns.ts';

export default defineFlow({
  key: 'user-registration',
  domain: 'idm',
  version: '2.0.1',
  labels: { en: 'User Registration' },
  states: {
    started: { type: 'initial', transitions: { 'send-otp': 'otp-sent' } },
    'otp-sent': { transitions: { verify: 'verified', expire: 'expired', resend: 'otp-sent' } },
    verified: { transitions: { activate: 'active' } },
    active: { type: 'final' },
    expired: { type: 'final' },
  },
  data: {
    username: { type: 'varchar', length: 64, index: 'unique' },
    phone: { type: 'text', optional: true, index: true },
    locale: { type: 'char', length: 5, optional: true },
    failedAttempts: { type: 'smallint', optional: true },
  },
  tables: {
    otpChallenges: {
      columns: {
        id: { type: 'bigint', primaryKey: true },
        ...instanceRef,
        channel: { type: 'enum', values: ['sms', 'email', 'push'] },
        codeHash: { type: 'bytea' },
        attempts: { type: 'smallint', default: 0 },
        expiresAt: { type: 'timestamptz' },
        sentFrom: { type: 'inet', optional: true },
        validWindow: { type: 'time', optional: true },
      },
      indexes: [{ columns: ['instanceId', 'expiresAt'] }],
      checks: { attempts_non_negative: 'attempts >= 0' },
    },
    loginAudit: {
      columns: {
        id: { type: 'uuid', primaryKey: true, default: sql('gen_random_uuid()') },
        ...instanceRef,
        ipAddress: { type: 'inet' },
        userAgent: { type: 'text', optional: true },
        success: { type: 'boolean' },
        latencyMs: { type: 'real', optional: true },
        at: { type: 'timestamptz', default: sql('now()') },
      },
      indexes: [{ columns: ['instanceId', 'at'] }],
    },
  },
});
