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

/** Labels by language (`en`, `tr`, `en-US`). */
export type Labels = { readonly [lang: string]: string };

/** Who may (allow) or may not (deny) do something; a deny always wins, and without a match the platform denies. */
export interface RoleGrant {
  readonly role: string;
  readonly grant: 'allow' | 'deny';
}

/** How a transition's version moves when the flow changes (the platform's versionStrategy). */
export type VersionStrategy = 'None' | 'Patch' | 'Minor' | 'Major';

/** What a state means beyond its type (the platform's subType): a final state's outcome, a waiting state's reason. */
export type StateSubType = 'none' | 'success' | 'error' | 'terminated' | 'suspended' | 'busy' | 'human' | 'cancelled' | 'timeout';

/** An error boundary (the platform's): rules evaluated by priority, lower first. */
export interface ErrorBoundary {
  readonly onError: readonly ErrorRule[];
}

export interface ErrorRule {
  /** abort (no transition), retry (needs retryPolicy), rollback and notify (need a transition), ignore, log */
  readonly action: 'abort' | 'retry' | 'rollback' | 'ignore' | 'notify' | 'log';
  /** exception type names to match; leave out or use '*' for all */
  readonly errorTypes?: readonly string[];
  /** error codes to match ('Task:400007', '500'); leave out or use '*' for all */
  readonly errorCodes?: readonly string[];
  /** a transition key of the flow to take */
  readonly transition?: string;
  /** lower first; 1 or more (the platform's default 100) */
  readonly priority?: number;
  readonly retryPolicy?: {
    /** ISO 8601 duration, as 'PT5S' */
    readonly initialDelay: string;
    readonly maxRetries?: number;
    readonly backoffType?: 'fixed' | 'exponential';
    readonly backoffMultiplier?: number;
    readonly maxDelay?: string;
    readonly useJitter?: boolean;
  };
  readonly logOnly?: boolean;
}

/** A transition written out in full. */
export interface TransitionDefinition<S extends string = string> {
  readonly target: S;
  readonly labels?: Labels;
  readonly roles?: readonly RoleGrant[];
  /** The state's default automatic transition: taken by itself once the state is entered (at most one per state). */
  readonly auto?: boolean;
  readonly versionStrategy?: VersionStrategy;
}

export interface StateDefinition<S extends string = string> {
  readonly type?: 'initial' | 'intermediate' | 'final';
  readonly subType?: StateSubType;
  readonly labels?: Labels;
  /** How errors in this state are handled (the flow's errorBoundary otherwise). */
  readonly errorBoundary?: ErrorBoundary;
  /** Who may read instances in this state (the flow's queryRoles otherwise). */
  readonly queryRoles?: readonly RoleGrant[];
  /** Each transition: its target state, or the target with labels (default: the transition's key, in en) and roles. */
  readonly transitions?: { readonly [transition: string]: S | TransitionDefinition<S> };
}

export interface MigrationOptions {
  /** Destructive changes allowed in this version: `table`, `table.column`, `data.field`, `enum:name`. */
  readonly allowDestructive?: readonly string[];
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
  /** The start transition into the initial state (default: key `start`, label `Start` in en). */
  readonly start?: { readonly key?: string; readonly labels?: Labels; readonly roles?: readonly RoleGrant[] };
  /** Who may read the flow's instances (a state's own queryRoles win). */
  readonly queryRoles?: readonly RoleGrant[];
  /** The versionStrategy of the flow's states and transitions (default Minor); a transition may set its own. */
  readonly versionStrategy?: VersionStrategy;
  /** The platform's cancel transition, available in every state (default key `cancel`). */
  readonly cancel?: { readonly key?: string; readonly target: NoInfer<S>; readonly labels?: Labels; readonly roles?: readonly RoleGrant[] };
  /** The platform's exit transition, available in every state (default key `exit`). */
  readonly exit?: { readonly key?: string; readonly target: NoInfer<S>; readonly labels?: Labels; readonly roles?: readonly RoleGrant[] };
  /** How errors are handled when no state or task boundary handles them. */
  readonly errorBoundary?: ErrorBoundary;
  /** The platform's update-data transition: new data, same state (default key `update-data`). */
  readonly updateData?: { readonly key?: string; readonly labels?: Labels; readonly roles?: readonly RoleGrant[] };
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
 * A task, view, function or extension: its vNext header fields, and its
 * `attributes` exactly as the vNext JSON Schema of its kind describes them
 * (reference/vnext/schemas). The compiler adds `flow` and `flowVersion`.
 */
export interface ComponentDefinition {
  /** `^[a-z0-9-]+$` */
  readonly key: string;
  readonly domain: string;
  readonly version: string;
  readonly tags?: readonly string[];
  readonly attributes: { readonly [name: string]: JsonValue };
}
