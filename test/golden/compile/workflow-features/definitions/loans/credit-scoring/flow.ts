import { defineFlow, script } from 'flowschema';
import scoreCustomer from '../components/score-customer.ts';

// A subflow: started by the application's credit-check state.
export default defineFlow({
  key: 'credit-scoring',
  domain: 'loans',
  version: '1.0.0',
  type: 'S',
  // Its master schema is a schema of the project, not one generated from data fields.
  schema: { key: 'decision-input', version: '1.0.0' },
  states: {
    scoring: {
      type: 'initial',
      onEntries: [{ task: scoreCustomer, mapping: script('./src/CheckMapping.csx') }],
      transitions: { done: { target: 'scored', auto: true } },
    },
    scored: { type: 'final', subType: 'success' },
  },
});
