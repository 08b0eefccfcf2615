import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'evo',
  domain: 'd',
  version: '1.0.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  data: { riskScore: { type: 'integer', optional: true } },
  tables: {
    loanRepayments: {
      name: 'repayments',
      columns: {
        id: { type: 'integer', primaryKey: true },
        amount: { type: 'bigint', name: 'amount_cents' },
        paidAt: { type: 'timestamptz', optional: true },
        legacyNote: { type: 'text', optional: true },
        channel: { type: 'enum', values: ['web', 'branch', 'phone'] },
      },
    },
  },
  seeds: {  },
  migrations: {  },
});
