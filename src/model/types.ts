import type { SourcePos } from './diagnostic.ts';

/**
 * The schema model (IR): plain, readonly, JSON-serialisable data built from
 * definitions. Every stage after `model/` works on these values only.
 * `pos` points at the definition that declared the element (absent on
 * generated elements such as the standard tables); snapshots leave it out.
 */

export type BaseType =
  | 'text' | 'varchar' | 'char'
  | 'smallint' | 'integer' | 'bigint' | 'numeric' | 'real' | 'double'
  | 'boolean' | 'date' | 'time' | 'timestamp' | 'timestamptz' | 'interval'
  | 'uuid' | 'json' | 'jsonb' | 'bytea' | 'inet' | 'enum';

export interface ColumnType {
  readonly base: BaseType;
  readonly array: boolean;
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  /** For `enum`: the enum type's name in the flow schema. */
  readonly enumName?: string;
}

/** A literal as written in a definition, or raw SQL from `sql(...)`. */
export type ValueLiteral =
  | { readonly kind: 'sql'; readonly text: string }
  | { readonly kind: 'value'; readonly value: JsonValue };

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly default?: ValueLiteral;
  /** A stored generated column's SQL expression. */
  readonly generated?: string;
  readonly identity?: boolean;
  readonly comment?: string;
  readonly renamedFrom?: string;
  readonly using?: string;
  readonly pos?: SourcePos;
}

export interface KeyConstraint {
  readonly name: string;
  readonly columns: readonly string[];
  readonly pos?: SourcePos;
}

export interface CheckConstraint {
  readonly name: string;
  readonly expression: string;
  readonly pos?: SourcePos;
}

export type OnDelete = 'cascade' | 'restrict' | 'set null' | 'set default' | 'no action';

export interface ForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  readonly refTable: string;
  readonly refColumns: readonly string[];
  readonly onDelete: OnDelete;
  readonly pos?: SourcePos;
}

export interface Index {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
  /** A partial index's predicate (SQL). */
  readonly where?: string;
  readonly pos?: SourcePos;
}

export interface Table {
  readonly name: string;
  readonly kind: 'standard' | 'flow';
  readonly comment?: string;
  readonly columns: readonly Column[];
  readonly primaryKey?: KeyConstraint;
  readonly uniques: readonly KeyConstraint[];
  readonly checks: readonly CheckConstraint[];
  readonly foreignKeys: readonly ForeignKey[];
  readonly indexes: readonly Index[];
  readonly renamedFrom?: string;
  readonly pos?: SourcePos;
}

export interface EnumType {
  readonly name: string;
  readonly values: readonly string[];
  readonly pos?: SourcePos;
}

export interface SeedSet {
  readonly table: string;
  /** Rows keyed by SQL column name, in declared column order. */
  readonly rows: readonly { readonly [column: string]: ValueLiteral }[];
  readonly pos?: SourcePos;
}

/** What one flow schema holds: what migrations create and snapshots record. */
export interface SchemaModel {
  readonly schema: string;
  readonly enums: readonly EnumType[];
  readonly tables: readonly Table[];
  readonly seeds: readonly SeedSet[];
}

export interface DataField {
  readonly key: string;
  /** The generated column's name on instance_data when indexed. */
  readonly column: string;
  readonly type: ColumnType;
  readonly optional: boolean;
  readonly index: 'none' | 'btree' | 'unique';
  readonly values?: readonly string[];
  readonly comment?: string;
  readonly renamedFrom?: string;
  readonly pos?: SourcePos;
}

export interface Transition {
  readonly name: string;
  readonly target: string;
  /** by language; empty: the transition's key in en */
  readonly labels?: { readonly [lang: string]: string };
  readonly roles?: readonly RoleGrant[];
  /** the state's default automatic transition (triggerType 1, triggerKind 10) */
  readonly auto?: boolean;
  /** how it is triggered, from what is written: a rule (automatic), a timer (scheduled), an event; manual otherwise */
  readonly trigger?: 'automatic' | 'scheduled' | 'event';
  readonly versionStrategy?: VersionStrategy;
  readonly onExecutionTasks?: readonly TaskCallModel[];
  /** the rest, checked and in the platform's own form: rule, timer, event, mapping, schema, view, resourceLock, annotations */
  readonly platform?: { readonly [key: string]: JsonValue };
  readonly pos?: SourcePos;
}

/** A shared transition: a transition available in several states (all of them when availableIn is left out). */
export interface SharedTransition extends Transition {
  readonly availableIn?: readonly (string | { readonly state: string; readonly roles?: readonly RoleGrant[] })[];
}

export type ReferenceKind = 'tasks' | 'views' | 'schemas' | 'functions' | 'extensions' | 'mappings' | 'workflows';

/** A reference from a workflow to a component, where it is written (checked across the project, FS1312). */
export interface ReferenceModel {
  readonly kind: ReferenceKind;
  readonly key: string;
  /** key, domain and version: undefined for the platform's { ref } form */
  readonly domain?: string;
  readonly version?: string;
  /** the platform's short form as written, 'Tasks/check.json' */
  readonly ref?: string;
  /** declared as provided by another package or domain */
  readonly external?: boolean;
  /** an imported definition of this project */
  readonly project?: boolean;
  readonly pos: SourcePos;
}

/** A task run on entry, on exit or during a transition, in the platform's form but for its error boundary. */
export interface TaskCallModel {
  readonly order: number;
  readonly task: JsonValue;
  readonly mapping: JsonValue;
  readonly variableKey?: string;
  readonly errorBoundary?: ErrorBoundaryModel;
}

export type VersionStrategy = 'None' | 'Patch' | 'Minor' | 'Major';

/** An error boundary (the platform's): rules evaluated by priority, lower first. */
export interface ErrorBoundaryModel {
  readonly onError: readonly ErrorRuleModel[];
  /** what happens on a timeout; its transition is a state key */
  readonly onTimeout?: { readonly action: number; readonly defaultRetryPolicy?: ErrorRuleModel['retryPolicy']; readonly transition?: string; readonly transitionPos?: SourcePos };
}

export interface ErrorRuleModel {
  /** the platform's number: 0 abort, 1 retry, 2 rollback, 3 ignore, 4 notify, 5 log */
  readonly action: number;
  readonly errorTypes?: readonly string[];
  readonly errorCodes?: readonly string[];
  readonly transition?: string;
  readonly transitionPos?: SourcePos;
  readonly priority?: number;
  readonly retryPolicy?: { readonly initialDelay: string; readonly maxRetries?: number; readonly backoffType?: number; readonly backoffMultiplier?: number; readonly maxDelay?: string; readonly useJitter?: boolean };
  readonly logOnly?: boolean;
}

export interface RoleGrant {
  readonly role: string;
  readonly grant: 'allow' | 'deny';
}

export interface State {
  readonly key: string;
  readonly type: 'initial' | 'intermediate' | 'final' | 'subflow' | 'wizard';
  /** the platform's subType, 0-8 (0: none, left out) */
  readonly subType?: number;
  readonly labels: { readonly [lang: string]: string };
  readonly queryRoles?: readonly RoleGrant[];
  readonly errorBoundary?: ErrorBoundaryModel;
  readonly versionStrategy?: VersionStrategy;
  readonly transitions: readonly Transition[];
  readonly onEntries?: readonly TaskCallModel[];
  readonly onExits?: readonly TaskCallModel[];
  /** the rest, checked and in the platform's own form: view, subFlow */
  readonly platform?: { readonly [key: string]: JsonValue };
  readonly pos?: SourcePos;
}

export interface MigrationOptionsModel {
  readonly version: string;
  readonly allowDestructive: readonly string[];
  /** Where each allowDestructive entry is written, in the same order. */
  readonly allowDestructivePos?: readonly SourcePos[];
  /** Changes allowed to rewrite a table under its lock (plan/evolve.ts lockGate), with where each is written. */
  readonly allowLocking?: readonly string[];
  readonly allowLockingPos?: readonly SourcePos[];
  readonly before?: string;
  readonly after?: string;
  readonly pos?: SourcePos;
}

export interface FlowModel {
  readonly key: string;
  readonly domain: string;
  readonly version: string;
  readonly description?: string;
  readonly labels: { readonly [lang: string]: string };
  /** The workflow component's header: type (default F), tags (default [domain]), start transition (default start/Start). */
  readonly workflow?: WorkflowOptions;
  readonly states: readonly State[];
  readonly dataFields: readonly DataField[];
  readonly schema: SchemaModel;
  readonly migrations: readonly MigrationOptionsModel[];
  /**
   * The flow tables' and their columns' keys as the definition writes them,
   * with their SQL names (allowDestructive takes either). Not in snapshots.
   */
  readonly tableKeys?: readonly TableKeys[];
  readonly file: string;
  readonly pos?: SourcePos;
}

export interface WorkflowOptions {
  readonly type?: 'C' | 'F' | 'S' | 'P';
  readonly tags?: readonly string[];
  readonly start?: {
    readonly key?: string;
    readonly labels?: { readonly [lang: string]: string };
    readonly roles?: readonly RoleGrant[];
    readonly onExecutionTasks?: readonly TaskCallModel[];
    readonly versionStrategy?: VersionStrategy;
    /** mapping, schema, resourceLock in the platform's form */
    readonly platform?: { readonly [key: string]: JsonValue };
  };
  /** the version of the platform's workflow format (sys-flows), default 1.0.0 */
  readonly flowVersion?: string;
  readonly sharedTransitions?: readonly SharedTransition[];
  /** the rest, checked and in the platform's own form: timeout, functions, extensions, features, scripts, event, and schema (the master schema when the flow names its own, null for none) */
  readonly platform?: { readonly [key: string]: JsonValue };
  /** every reference the flow makes, where it is written */
  readonly references?: readonly ReferenceModel[];
  readonly queryRoles?: readonly RoleGrant[];
  readonly versionStrategy?: VersionStrategy;
  readonly cancel?: SpecialTransition;
  readonly exit?: SpecialTransition;
  /** its target is always the current state ($self) */
  readonly updateData?: SpecialTransition;
  readonly errorBoundary?: ErrorBoundaryModel;
}

/** The workflow-level cancel, exit and update-data transitions. */
export interface SpecialTransition {
  readonly key: string;
  readonly target?: string;
  readonly labels?: { readonly [lang: string]: string };
  readonly roles?: readonly RoleGrant[];
  readonly versionStrategy?: VersionStrategy;
  readonly onExecutionTasks?: readonly TaskCallModel[];
  readonly availableIn?: SharedTransition['availableIn'];
  /** schema, view, mapping, annotations in the platform's form */
  readonly platform?: { readonly [key: string]: JsonValue };
  readonly pos?: SourcePos;
}

export interface TableKeys {
  readonly key: string;
  readonly name: string;
  readonly columns: readonly { readonly key: string; readonly name: string }[];
}

/** A task, view, function or extension: stored in its system schema on deploy. */
export interface ComponentModel {
  readonly kind: 'tasks' | 'views' | 'functions' | 'extensions' | 'schemas' | 'mappings';
  readonly key: string;
  readonly domain: string;
  readonly version: string;
  /** the version of the platform's component format, when not 1.0.0 */
  readonly flowVersion?: string;
  readonly tags: readonly string[];
  readonly attributes: JsonValue;
  readonly file: string;
  readonly pos?: SourcePos;
}

export interface DomainModel {
  readonly name: string;
  readonly description?: string;
  /** The domain's database. */
  readonly database: string;
  readonly flows: readonly FlowModel[];
  readonly components: readonly ComponentModel[];
  readonly file: string;
  readonly pos?: SourcePos;
}

export interface ProjectModel {
  readonly domains: readonly DomainModel[];
}
