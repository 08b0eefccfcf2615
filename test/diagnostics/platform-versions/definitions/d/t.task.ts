import { defineMapping, defineTask, script, sql } from 'flowschema';

export const helper = defineMapping({ key: 'helper', domain: 'd', version: '1.0.0', attributes: { name: 'H', code: script('./src/M.csx'), encoding: 'B64' } });

export default defineTask({ key: 't', domain: 'd', version: '2.0.0-rc1', flowVersion: '1.0.0-0', attributes: { type: '3', config: { at: sql('now()') } } });
