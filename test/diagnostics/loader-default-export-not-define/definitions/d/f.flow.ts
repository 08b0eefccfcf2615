import { defineFlow, sql } from 'flowschema';
export default { key: 'f', domain: 'd', version: '1.0.0' };
