import { defineTask } from 'flowschema';
export default defineTask({ key: 'score', domain: 'd', version: '2.0.0', attributes: { type: '3', config: {} } });
