import { defineFlow, sql } from 'flowschema';
import { idColumn, instanceRef } from '../shared/columns.ts';

const REVIEW_OUTCOMES = ['approved', 'rejected', 'needs-changes'] as const;

export default defineFlow({
  key: 'document-approval',
  domain: 'onboarding',
  version: '1.0.0',
  labels: { en: 'Document Approval' },
  states: {
    draft: { type: 'initial', transitions: { submit: 'in-review' } },
    'in-review': { transitions: { approve: 'approved', reject: 'rejected', 'request-changes': 'draft' } },
    approved: { type: 'final' },
    rejected: { type: 'final' },
  },
  data: {
    documentNumber: { type: 'varchar', length: 40, index: 'unique' },
    title: { type: 'text' },
    ownerId: { type: 'uuid', index: true },
    amount: { type: 'numeric', precision: 14, scale: 2, optional: true, index: true },
    tags: { type: 'text', array: true, optional: true },
  },
  tables: {
    reviews: {
      columns: {
        ...idColumn,
        ...instanceRef,
        reviewer: { type: 'text' },
        outcome: { type: 'enum', values: REVIEW_OUTCOMES, enumName: 'review_outcome' },
        note: { type: 'text', optional: true },
        reviewedAt: { type: 'timestamp', default: sql('localtimestamp') },
        timeSpent: { type: 'interval', optional: true },
      },
      indexes: [{ columns: ['instanceId', 'reviewedAt'] }, { columns: ['reviewer'] }],
      checks: { reviewer_not_blank: "btrim(reviewer) <> ''" },
    },
    reviewComments: {
      columns: {
        id: { type: 'bigint', primaryKey: true },
        reviewId: { type: 'uuid', references: { table: 'reviews', onDelete: 'cascade' } },
        line: { type: 'integer', optional: true },
        body: { type: 'text' },
      },
      unique: [['reviewId', 'line']],
    },
  },
});
