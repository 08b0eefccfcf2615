/** The workflow parts of a flow definition: states, transitions, roles, tasks, views, scripts and references. */

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
  /** what happens when the operation times out: retry (needs retryPolicy), or go to a state (transition: a state key); abort takes no transition */
  readonly onTimeout?: { readonly action: ErrorRule['action']; readonly retryPolicy?: ErrorRule['retryPolicy']; readonly transition?: string };
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

/**
 * A transition written out in full. How it is triggered follows from what
 * is written: manual by default; `auto: true` (the state's default automatic
 * transition), `rule` (automatic when the rule holds), `timer` (scheduled) or
 * `event` (an external event).
 */
export interface TransitionDefinition<S extends string = string> {
  readonly target: S | '$self';
  readonly labels?: Labels;
  readonly roles?: readonly RoleGrant[];
  /** The state's default automatic transition: taken by itself once the state is entered (at most one per state). */
  readonly auto?: boolean;
  /** Automatic: taken when this rule (a C# script) returns true. */
  readonly rule?: ScriptFile;
  /** Scheduled: the script returns when. */
  readonly timer?: ScriptFile;
  /** Triggered by an external event; the script maps the event to the instance and its body. */
  readonly event?: ScriptFile;
  /** The input mapping (manual and event transitions). */
  readonly mapping?: ScriptFile;
  /** The schema the request's body must match (manual and event transitions). */
  readonly schema?: Reference;
  /** The view shown for it (manual transitions). */
  readonly view?: ViewDefinition;
  readonly onExecutionTasks?: readonly TaskCall[];
  readonly resourceLock?: ResourceLock;
  readonly annotations?: { readonly [name: string]: string };
  readonly versionStrategy?: VersionStrategy;
}

/** A transition available in several states: those availableIn names (a state, or a state with the roles that narrow it), all of them when left out. */
export interface SharedTransitionDefinition<S extends string = string> extends Omit<TransitionDefinition<S>, 'auto' | 'rule'> {
  readonly availableIn?: readonly (S | { readonly state: S; readonly roles?: readonly RoleGrant[] })[];
}

/** The workflow's cancel, exit and update-data transitions: manual, from every state or those availableIn names. */
export interface SpecialTransitionDefinition<S extends string = string> extends Omit<TransitionDefinition<S>, 'auto' | 'rule' | 'timer' | 'event' | 'resourceLock' | 'target'> {
  readonly key?: string;
  readonly availableIn?: readonly (S | { readonly state: S; readonly roles?: readonly RoleGrant[] })[];
}

/** A C# script file beside the definition, written `script('./src/MyMapping.csx')`. */
export interface ScriptFile {
  readonly __script: string;
}

/**
 * A reference to another component: an imported definition
 * (`import check from '../tasks/check.ts'`), `{ key, domain?, version }`
 * (domain: the flow's own) for one of this project, the same with
 * `external: true` for one another package provides, or the platform's
 * short form `{ ref: 'Tasks/check.json' }`.
 */
export type Reference =
  | { readonly key: string; readonly domain: string; readonly version: string; readonly attributes?: unknown; readonly states?: unknown }
  | { readonly key: string; readonly domain?: string; readonly version: string; readonly external?: boolean }
  | { readonly ref: string; readonly external?: boolean };

/** A task run on entry, on exit or during a transition. */
export interface TaskCall {
  readonly task: Reference;
  /** the task's input and output mapping */
  readonly mapping: ScriptFile;
  /** lowest first (default: the position in the list, from 1); tasks of the same order run in parallel */
  readonly order?: number;
  /** where a parallel task's result is kept */
  readonly variableKey?: string;
  readonly errorBoundary?: ErrorBoundary;
}

export interface ViewChoice {
  readonly view: Reference;
  readonly loadData?: boolean;
  readonly extensions?: readonly string[];
}

/** A view: a reference, a view with options, or rules choosing one (the first whose rule holds, else the default). */
export type ViewDefinition = Reference | ViewChoice | { readonly rules: readonly (ViewChoice & { readonly rule: ScriptFile })[]; readonly default?: ViewChoice };

/** A distributed lock taken, released or extended during a transition. */
export interface ResourceLock {
  /** returns the lock's key */
  readonly keyExpression: ScriptFile;
  readonly action: 'Acquire' | 'Release' | 'Extend';
  readonly ttlSeconds?: number;
  readonly onConflict?: 'Abort';
}

export interface StateDefinition<S extends string = string> {
  /** subflow: starts another flow (needs subFlow); wizard: at most one transition */
  readonly type?: 'initial' | 'intermediate' | 'final' | 'subflow' | 'wizard';
  /** the state's own versionStrategy (the flow's otherwise) */
  readonly versionStrategy?: VersionStrategy;
  readonly subType?: StateSubType;
  readonly labels?: Labels;
  /** How errors in this state are handled (the flow's errorBoundary otherwise). */
  readonly errorBoundary?: ErrorBoundary;
  /** Who may read instances in this state (the flow's queryRoles otherwise). */
  readonly queryRoles?: readonly RoleGrant[];
  /** Each transition: its target state, or the target with labels (default: the transition's key, in en) and roles. */
  readonly transitions?: { readonly [transition: string]: S | TransitionDefinition<S> };
  /** Other labels for the state, shown to users with these roles. */
  readonly alias?: readonly { readonly name: string; readonly roles: readonly RoleGrant[]; readonly labels: Labels }[];
  /** Long polling: the request is held open until the state is left (or the fallback timeout). */
  readonly interaction?: { readonly longPoll: { readonly terminate: boolean; readonly fallbackTimeoutSeconds?: number; readonly roles: readonly RoleGrant[] } };
  /** State notifications: a mapping, and a rule deciding whether to send. */
  readonly notifications?: readonly { readonly mapping: ScriptFile; readonly rule?: ScriptFile }[];
  /** Tasks run when an instance enters the state. */
  readonly onEntries?: readonly TaskCall[];
  /** Tasks run when an instance leaves the state. */
  readonly onExits?: readonly TaskCall[];
  readonly view?: ViewDefinition;
  /** The flow a subflow state starts (S: subflow, the default; P: sub-process), with its input mapping. */
  readonly subFlow?: {
    readonly type?: 'S' | 'P';
    readonly process: Reference;
    readonly mapping: ScriptFile;
    readonly overrides?: {
      readonly views?: { readonly [viewKey: string]: Reference };
      readonly transitions?: { readonly [transition: string]: { readonly roles?: readonly RoleGrant[] } };
      readonly states?: { readonly [state: string]: { readonly queryRoles?: readonly RoleGrant[] } };
      /** the subflow's timeout instead of its own (its target is a state of the subflow) */
      readonly timeout?: { readonly key?: string; readonly target: string; readonly timer: { readonly reset: string; readonly duration: string }; readonly versionStrategy?: VersionStrategy; readonly mapping?: ScriptFile };
    };
  };
}

