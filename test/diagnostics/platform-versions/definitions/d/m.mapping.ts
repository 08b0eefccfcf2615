import { defineMapping, script } from 'flowschema';

export default defineMapping({ key: 'helper', domain: 'd', version: '1.0.0', attributes: { name: 'H', code: script('./src/M.csx'), encoding: 'B64' } });
