// Imported by flowschema import from vnext/Schemas/decision-input.json.
import { defineSchema } from 'flowschema';

export default defineSchema({
  key: 'decision-input',
  domain: 'loans',
  version: '1.0.0',
  flowVersion: '1.1.0',
  attributes: {
    type: 'schema',
    schema: {
      type: 'object',
      required: ['approved'],
      properties: { approved: { type: 'boolean' }, note: { type: 'string' } },
    },
  },
});
