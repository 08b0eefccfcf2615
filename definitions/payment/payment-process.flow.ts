import { defineFlow, sql } from 'flowschema';
import { auditColumns, instanceRef } from '../shared/columns.ts';

export default defineFlow({
  key: 'payment-process',
  domain: 'payment',
  version: '3.1.0',
  labels: { en: 'Payment Process' },
  states: {
    initiated: { type: 'initial', transitions: { authorize: 'authorized', decline: 'declined' } },
    authorized: { transitions: { capture: 'captured', void: 'voided' } },
    captured: { transitions: { settle: 'settled', refund: 'refunded' } },
    settled: { transitions: { refund: 'refunded' } },
    declined: { type: 'final' },
    voided: { type: 'final' },
    refunded: { type: 'final' },
  },
  data: {
    paymentReference: { type: 'text', index: 'unique' },
    amount: { type: 'numeric', precision: 18, scale: 2 },
    currency: { type: 'char', length: 3, index: true },
    payerAccount: { type: 'varchar', length: 34 },
    payeeAccount: { type: 'varchar', length: 34 },
    isInstant: { type: 'boolean', optional: true, index: true },
    metadata: { type: 'jsonb', optional: true },
  },
  tables: {
    ledgerEntries: {
      comment: 'Double-entry ledger lines of a payment.',
      columns: {
        id: { type: 'bigint', primaryKey: true },
        ...instanceRef,
        account: { type: 'varchar', length: 34 },
        direction: { type: 'enum', values: ['debit', 'credit'] },
        amount: { type: 'numeric', precision: 18, scale: 2 },
        currency: { type: 'char', length: 3 },
        bookedOn: { type: 'date', default: sql('current_date') },
        ...auditColumns,
      },
      indexes: [{ columns: ['instanceId', 'direction'] }, { columns: ['account', 'bookedOn'] }],
      checks: { amount_positive: 'amount > 0' },
    },
    fees: {
      columns: {
        code: { type: 'varchar', length: 16, primaryKey: true },
        rate: { type: 'numeric', precision: 6, scale: 4 },
        fixedCents: { type: 'integer', default: 0 },
        currencies: { type: 'char', length: 3, array: true, default: ['TRY', 'EUR', 'USD'] },
      },
      checks: { rate_range: 'rate >= 0 AND rate < 1' },
    },
  },
  seeds: {
    fees: [
      { code: 'EFT', rate: 0, fixedCents: 250 },
      { code: 'FAST', rate: '0.0015', currencies: ['TRY'] },
      { code: 'SWIFT', rate: 0.001, fixedCents: 1500, currencies: ['EUR', 'USD'] },
    ],
  },
});
