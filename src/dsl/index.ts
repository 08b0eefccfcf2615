export { defineDomain, defineExtension, defineFlow, defineFunction, defineTask, defineView, sql } from './define.ts';
export type * from './types.ts';
