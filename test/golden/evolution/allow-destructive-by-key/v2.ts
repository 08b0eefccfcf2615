import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'evo',
  domain: 'd',
  version: '1.1.0',
  states: { open: { type: 'initial', transitions: { close: 'closed' } }, closed: { type: 'final' } },
  data: {  },
  tables: {
    loanRepayments: {
      name: 'repayments',
      columns: {
        id: { type: 'integer', primaryKey: true },
        amount: { type: 'integer', name: 'amount_cents' },
        channel: { type: 'enum', values: ['web', 'branch'] },
      },
    },
  },
  seeds: {  },
  // by the definition's keys (SQL: repayments.paid_at, repayments.amount_cents): these three are allowed; legacyNote and the enum value are still refused
  migrations: { '1.1.0': { allowDestructive: ['loanRepayments.paidAt', 'loanRepayments.amount', 'data.riskScore'] } },
});
