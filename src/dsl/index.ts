export { defineDomain, defineExtension, defineFlow, defineFunction, defineMapping, defineSchema, defineTask, defineView, script, sql } from './define.ts';
export type * from './types.ts';
