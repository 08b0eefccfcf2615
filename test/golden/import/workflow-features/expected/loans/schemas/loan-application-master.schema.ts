// Imported by flowschema import from vnext/Schemas/loan-application-master.json.
import { defineSchema } from 'flowschema';

export default defineSchema({
  key: 'loan-application-master',
  domain: 'loans',
  version: '2.1.0',
  tags: ['loans', 'loan-application', 'master'],
  attributes: {
    type: 'schema',
    schema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: 'loan-application instance data',
      type: 'object',
      properties: {},
      required: [],
      additionalProperties: true,
    },
  },
});
