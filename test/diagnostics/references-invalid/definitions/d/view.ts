import { defineView } from 'flowschema';
export default defineView({ key: 'form', domain: 'd', version: '1.0.0', attributes: { type: 1, content: 'x' } });
