import type { ObjectState } from '../objects.ts';

/**
 * One statement of a fix: who must run it and when. `init` statements run
 * as the domain's init role (SET ROLE in the fix script), so everything they
 * create is owned and granted exactly as the migrations would have it;
 * `administrator` statements need more (another owner's object, roles, the
 * database, internal triggers). The script runs them all by step, switching
 * role as it goes: owners first, then what detaches one object from another
 * (NO INHERIT, out of a publication), drops (dependents first), then
 * creations and changes (dependencies first).
 */
export interface FixStatement {
  readonly sql: string;
  readonly as: 'administrator' | 'init';
  readonly step: number;
}

export interface FixContext {
  readonly expected: ObjectState;
  readonly live: ObjectState;
  /** the domain's init role, which owns everything flowschema makes */
  readonly init: string;
  /** the domain database (settings are reset in it) */
  readonly database: string;
}

/** Steps: what is dropped goes first, dependents before what they depend on; then what is made, dependencies first. */
export const STEP = {
  eventTrigger: -120, owner: -100, routineBody: -97, detach: -95,
  dropView: -90, dropTriggerRulePolicy: -80, dropForeignKey: -70, dropIndexConstraint: -60, dropColumn: -50, dropTable: -40, dropRoutine: -30, dropType: -20, dropSchemaObject: -10,
  type: 10, routine: 20, sequence: 25, table: 30, column: 35, ownedBy: 38, constraint: 40, index: 41, foreignKey: 45, trigger: 50, view: 55, property: 60, comment: 70, privileges: 80,
} as const;
