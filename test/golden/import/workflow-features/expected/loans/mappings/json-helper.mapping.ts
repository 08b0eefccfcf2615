// Imported by flowschema import from vnext/Mappings/json-helper.json.
import { defineMapping } from 'flowschema';

export default defineMapping({
  key: 'json-helper',
  domain: 'loans',
  version: '1.0.0',
  attributes: { name: 'JsonHelper', code: 'cHVibGljIHN0YXRpYyBjbGFzcyBKc29uSGVscGVyIHt9Cg==', encoding: 'B64' },
});
