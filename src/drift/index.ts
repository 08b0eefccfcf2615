export { readLiveSchema, type LiveColumn, type LiveConstraint, type LiveIndex, type LiveSchema, type LiveTable } from './catalog.ts';
