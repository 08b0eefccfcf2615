// Imported by flowschema import from vnext/Views/application-form.json.
import { defineView } from 'flowschema';

export default defineView({
  key: 'application-form',
  domain: 'loans',
  version: '1.0.0',
  attributes: { type: 1, content: { title: 'Loan application' } },
});
