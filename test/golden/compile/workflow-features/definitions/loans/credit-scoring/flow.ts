import { defineFlow, script } from 'flowschema';
import scoreCustomer from '../components/score-customer.ts';

// A subflow: started by the application's credit-check state.
export default defineFlow({
  key: 'credit-scoring',
  domain: 'loans',
  version: '1.0.0',
  type: 'S',
  states: {
    scoring: {
      type: 'initial',
      onEntries: [{ task: scoreCustomer, mapping: script('./src/CheckMapping.csx') }],
      transitions: { done: { target: 'scored', auto: true } },
    },
    scored: { type: 'final', subType: 'success' },
  },
});
