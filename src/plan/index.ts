export type { Change, ChangeKind } from './changes.ts';
export { describeChange } from './changes.ts';
export { createSchemaChanges } from './create.ts';
export { diff, type DestroyedObject, type DestructiveChange, type Plan, type PreviousState } from './diff.ts';
export { planFlow, type FlowPlan } from './evolve.ts';
export { changeLocks, describeLock, type ChangeLock } from './locks.ts';
export { fileOrder, keyIndexName, notNullCheckName, onlineSteps, type PlannedStep } from './online.ts';
