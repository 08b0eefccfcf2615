/**
 * The types a definition author sees. They exist for editors (autocompletion,
 * type errors); the compiler never runs definitions, it reads them statically.
 */

/** A raw SQL expression, written with `sql('...')`. */
export interface SqlExpression {
  readonly __sql: string;
}

export type ScalarType =
  | 'text'
  | 'smallint'
  | 'integer'
  | 'bigint'
  | 'real'
  | 'double'
  | 'boolean'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'timestamptz'
  | 'interval'
  | 'uuid'
  | 'json'
  | 'jsonb'
  | 'bytea'
  | 'inet';

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export type DefaultValue = string | number | boolean | null | SqlExpression | readonly JsonValue[] | { readonly [key: string]: JsonValue };

interface CommonColumn {
  /** SQL name; defaults to the snake_case form of the key. */
  readonly name?: string;
  /** Columns are NOT NULL unless optional. */
  readonly optional?: boolean;
  readonly array?: boolean;
  readonly primaryKey?: boolean;
  readonly unique?: boolean;
  readonly default?: DefaultValue;
  readonly comment?: string;
  readonly references?: {
    /** A flow table key, or a standard table (`instances`). */
    readonly table: string;
    /** Defaults to the referenced table's single-column primary key. */
    readonly column?: string;
    readonly onDelete?: 'cascade' | 'restrict' | 'set null' | 'set default' | 'no action';
  };
  /** The previous key (or SQL name) of this column: turns a drop+add into a rename. */
  readonly renamedFrom?: string;
  /** A SQL expression converting the old value when the type changes destructively. */
  readonly using?: string;
}

export type ColumnDefinition = CommonColumn &
  (
    | { readonly type: ScalarType }
    | { readonly type: 'varchar' | 'char'; readonly length: number }
    | { readonly type: 'numeric'; readonly precision?: number; readonly scale?: number }
    | { readonly type: 'enum'; readonly values: readonly string[]; /** SQL type name; defaults to table_column. */ readonly enumName?: string }
  );

export interface IndexDefinition {
  readonly name?: string;
  /** Column keys (or SQL names), in index order. */
  readonly columns: readonly string[];
  readonly unique?: boolean;
}

export interface TableDefinition {
  readonly name?: string;
  readonly comment?: string;
  readonly renamedFrom?: string;
  readonly columns: { readonly [key: string]: ColumnDefinition };
  /** A composite primary key; a single one can be set on the column instead. */
  readonly primaryKey?: readonly string[];
  readonly indexes?: readonly IndexDefinition[];
  /** Composite unique constraints (column keys). */
  readonly unique?: readonly (readonly string[])[];
  /** Check constraints: name -> SQL boolean expression. */
  readonly checks?: { readonly [name: string]: string };
}

type DataFieldType = ScalarType | 'varchar' | 'char' | 'numeric' | 'enum';

export interface DataFieldDefinition {
  readonly type: DataFieldType;
  readonly optional?: boolean;
  readonly array?: boolean;
  /** `true` for a btree index, `'unique'` for a unique one (among latest data versions). */
  readonly index?: boolean | 'unique';
  readonly values?: readonly string[];
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  /** SQL name of the generated column when indexed; defaults to snake_case of the key. */
  readonly name?: string;
  readonly comment?: string;
  readonly renamedFrom?: string;
}

export type * from './workflow-types.ts';
import type { ErrorBoundary, Labels, Reference, ResourceLock, RoleGrant, ScriptFile, SharedTransitionDefinition, SpecialTransitionDefinition, StateDefinition, TaskCall, VersionStrategy } from './workflow-types.ts';

export interface MigrationOptions {
  /** Destructive changes allowed in this version: `table`, `table.column`, `data.field`, `enum:name`. */
  readonly allowDestructive?: readonly string[];
  /**
   * Changes allowed to lock a table that may hold data for as long as they
   * rewrite it, because no online form exists for them (a type change that
   * rewrites, a column PostgreSQL computes for every row, a rebuilt enum),
   * named as allowDestructive names: `table.column`, `data.field`, `enum:name`.
   */
  readonly allowLocking?: readonly string[];
  /** SQL run at the start of this version's migration. */
  readonly before?: string;
  /** SQL run at the end of this version's migration (backfills). */
  readonly after?: string;
}

export type SeedRow = { readonly [column: string]: DefaultValue };

export interface FlowDefinition<S extends string = string> {
  /** `^[a-z0-9-]+$`; the schema name is its snake_case form. */
  readonly key: string;
  readonly domain: string;
  /** Semantic version; a schema change needs a new version. */
  readonly version: string;
  readonly labels?: Labels;
  readonly description?: string;
  /** The vNext workflow type: C (core), F (flow, the default), S (subflow), P (sub-process). */
  readonly type?: 'C' | 'F' | 'S' | 'P';
  /** The workflow's tags (default: the domain). */
  readonly tags?: readonly string[];
  /** The version of the platform's workflow format (default 1.0.0). */
  readonly flowVersion?: string;
  /** The start transition into the initial state (default: key `start`, label `Start` in en). */
  readonly start?: {
    readonly key?: string;
    readonly labels?: Labels;
    readonly roles?: readonly RoleGrant[];
    /** tasks run while the instance starts */
    readonly onExecutionTasks?: readonly TaskCall[];
    /** the input mapping */
    readonly mapping?: ScriptFile;
    /** the schema the start request's body must match */
    readonly schema?: Reference;
    readonly resourceLock?: ResourceLock;
    readonly versionStrategy?: VersionStrategy;
  };
  /**
   * The workflow's master schema: by default the one compile generates from
   * `data` (`<key>-master`); a flow may name its own instead, or none (null).
   */
  readonly schema?: Reference | null;
  /** Who may read the flow's instances (a state's own queryRoles win). */
  readonly queryRoles?: readonly RoleGrant[];
  /** The versionStrategy of the flow's states and transitions (default Minor); a transition may set its own. */
  readonly versionStrategy?: VersionStrategy;
  /** The platform's cancel transition, available in every state (default key `cancel`). */
  readonly cancel?: SpecialTransitionDefinition<NoInfer<S>> & { readonly target: NoInfer<S> | '$self' };
  /** The platform's exit transition, available in every state (default key `exit`). */
  readonly exit?: SpecialTransitionDefinition<NoInfer<S>> & { readonly target: NoInfer<S> | '$self' };
  /** How errors are handled when no state or task boundary handles them. */
  readonly errorBoundary?: ErrorBoundary;
  /** The platform's update-data transition: new data, same state (default key `update-data`). */
  readonly updateData?: SpecialTransitionDefinition<NoInfer<S>>;
  /** The workflow's timeout: where an instance goes when the timer runs out (default key `timeout`). */
  readonly timeout?: { readonly key?: string; readonly target: NoInfer<S> | '$self'; readonly timer: { readonly reset: string; /** ISO 8601, as 'P1D' */ readonly duration: string }; readonly versionStrategy?: VersionStrategy; readonly mapping?: ScriptFile };
  /** Transitions available in several states (every state when availableIn is left out). */
  readonly sharedTransitions?: { readonly [transition: string]: SharedTransitionDefinition<NoInfer<S>> };
  /** Functions, extensions and features the workflow uses. */
  readonly functions?: readonly Reference[];
  readonly extensions?: readonly Reference[];
  readonly features?: readonly Reference[];
  /** Helper mappings and .NET assemblies the workflow's scripts may use. */
  readonly scripts?: { readonly helpers?: readonly Reference[]; readonly allowedAssemblies?: readonly string[] };
  /** An external event that starts an instance; the script maps it. */
  readonly event?: ScriptFile;
  /** The workflow's output mapping. */
  readonly output?: ScriptFile;
  /** The platform's flow-level settings: the cache of the built-in instance functions. */
  readonly config?: { readonly functionCache?: { readonly ttlSeconds?: number } };
  readonly states: { readonly [K in S]: StateDefinition<NoInfer<S>> };
  readonly data?: { readonly [field: string]: DataFieldDefinition };
  readonly tables?: { readonly [key: string]: TableDefinition };
  readonly seeds?: { readonly [table: string]: readonly SeedRow[] };
  readonly migrations?: { readonly [version: string]: MigrationOptions };
}

export interface DomainDefinition {
  /** `^[a-z0-9-]+$`; its database is `<name>_db`. */
  readonly name: string;
  readonly description?: string;
}

/**
 * A task, view, function, extension, schema or mapping: its vNext header
 * fields, and its `attributes` exactly as the vNext JSON Schema of its kind
 * describes them (reference/vnext/schemas). The compiler adds `flow` and
 * `flowVersion`.
 */
export interface ComponentDefinition {
  /** `^[a-z0-9-]+$` */
  readonly key: string;
  readonly domain: string;
  readonly version: string;
  /** the version of the platform's component format (default 1.0.0) */
  readonly flowVersion?: string;
  readonly tags?: readonly string[];
  readonly attributes: { readonly [name: string]: JsonValue };
}
