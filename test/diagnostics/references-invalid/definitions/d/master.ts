import { defineSchema } from 'flowschema';
export default defineSchema({ key: 'refs-master', domain: 'd', version: '1.0.0', attributes: { type: 'schema', schema: { type: 'object' } } });
