export { defineDomain, defineFlow, sql } from './define.ts';
export type * from './types.ts';
