import { defineFlow, sql } from 'flowschema';
import { auditColumns, idColumn, instanceRef } from '../shared/columns.ts';

export default defineFlow({
  key: 'customer-onboarding',
  domain: 'onboarding',
  version: '1.2.0',
  labels: { en: 'Customer Onboarding', tr: 'Müşteri Kayıt' },
  states: {
    'collect-info': { type: 'initial', transitions: { submit: 'kyc-check' } },
    'kyc-check': { transitions: { approve: 'approved', reject: 'rejected', 'request-info': 'collect-info' } },
    approved: { type: 'final' },
    rejected: { type: 'final' },
  },
  data: {
    customerId: { type: 'uuid', index: true },
    email: { type: 'text', index: 'unique' },
    riskScore: { type: 'integer', optional: true },
    segment: { type: 'enum', values: ['retail', 'sme', 'corporate'], index: true },
    birthDate: { type: 'date', optional: true },
  },
  tables: {
    documents: {
      comment: 'Documents a customer uploaded during onboarding.',
      columns: {
        ...idColumn,
        ...instanceRef,
        kind: { type: 'enum', values: ['passport', 'id-card', 'utility-bill', 'selfie'] },
        fileName: { type: 'varchar', length: 255 },
        sizeBytes: { type: 'bigint' },
        checksum: { type: 'char', length: 64, comment: 'sha256 of the file, hex' },
        content: { type: 'bytea', optional: true },
        uploadedAt: { type: 'timestamptz', default: sql('now()') },
        legacyCode: { type: 'varchar', length: 20, optional: true, renamedFrom: 'oldCode' },
      },
      indexes: [{ columns: ['instanceId', 'kind'], unique: true }],
      checks: { file_name_not_empty: "file_name <> ''", size_positive: 'size_bytes > 0' },
    },
    kycResults: {
      columns: {
        ...idColumn,
        ...instanceRef,
        provider: { type: 'text', default: 'internal' },
        score: { type: 'numeric', precision: 5, scale: 2 },
        passed: { type: 'boolean' },
        reasons: { type: 'text', array: true, default: [] },
        raw: { type: 'jsonb', optional: true },
        ...auditColumns,
      },
      indexes: [{ columns: ['instanceId', 'createdAt'] }],
      checks: { score_range: 'score BETWEEN 0 AND 100' },
    },
    riskRules: {
      comment: 'Reference data: the risk rules the KYC step applies.',
      columns: {
        code: { type: 'varchar', length: 32, primaryKey: true },
        description: { type: 'text' },
        weight: { type: 'smallint', default: 1 },
        enabled: { type: 'boolean', default: true },
      },
      checks: { weight_range: 'weight BETWEEN 1 AND 10' },
    },
  },
  seeds: {
    riskRules: [
      { code: 'PEP', description: 'Politically exposed person', weight: 9 },
      { code: 'SANCTIONS', description: 'Listed on a sanctions list', weight: 10 },
      { code: 'HIGH_RISK_COUNTRY', description: "Resident of a high-risk country (FATF's list)", weight: 6, enabled: false },
    ],
  },
});
