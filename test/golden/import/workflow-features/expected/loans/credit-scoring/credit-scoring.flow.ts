// Imported by flowschema import from vnext/Workflows/credit-scoring.json.
import { defineFlow, script } from 'flowschema';
import decisionInputSchema from '../schemas/decision-input.schema.ts';
import scoreCustomerTask from '../tasks/score-customer.task.ts';

export default defineFlow({
  key: 'credit-scoring',
  domain: 'loans',
  version: '1.0.0',
  type: 'S',
  schema: decisionInputSchema,
  states: {
    scoring: {
      type: 'initial',
      onEntries: [{ task: scoreCustomerTask, mapping: script('./src/CheckMapping.csx') }],
      transitions: { done: { target: 'scored', auto: true } },
    },
    scored: { type: 'final', subType: 'success' },
  },
});
