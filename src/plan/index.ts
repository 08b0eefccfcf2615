export type { Change, ChangeKind } from './changes.ts';
export { describeChange } from './changes.ts';
export { createSchemaChanges } from './create.ts';
