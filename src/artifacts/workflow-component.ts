import type { ErrorBoundaryModel, FlowModel, JsonValue, SpecialTransition, TaskCallModel, Transition } from '../model/index.ts';

const STATE_TYPE = { initial: 1, intermediate: 2, final: 3, subflow: 4, wizard: 5 } as const;
const TRIGGER_TYPE = { automatic: 1, scheduled: 2, event: 3 } as const;

/**
 * A flow as a vNext workflow component (reference/vnext/schemas/
 * workflow-definition.schema.json): what the runtime stores in sys_flows when
 * the domain is deployed. Labels default to the key in en; type F, tags
 * [domain] and a start transition `start` (Start) unless the definition says
 * otherwise; everything else appears only where the definition writes it.
 */
export function flowComponent(flow: FlowModel): object {
  const labels = (given: Readonly<Record<string, string>>, fallback: string) => {
    const entries = Object.entries(given);
    return entries.length ? entries.map(([language, label]) => ({ language, label })) : [{ language: 'en', label: fallback }];
  };
  const w = flow.workflow;
  const initial = flow.states.find((s) => s.type === 'initial')!;
  const start = w?.start;
  const strategy = w?.versionStrategy ?? 'Minor';
  // cancel, exit and update-data: manual, from any state; update-data stays where it is ($self).
  const special = (t: SpecialTransition, label: string) => ({
    key: t.key,
    target: t.target ?? '$self',
    triggerType: 0,
    versionStrategy: t.versionStrategy ?? strategy,
    labels: labels(t.labels ?? {}, label),
    ...(t.roles && { roles: t.roles }),
    ...(t.onExecutionTasks && { onExecutionTasks: tasks(t.onExecutionTasks) }),
    ...(t.availableIn && { availableIn: t.availableIn }),
    ...t.platform,
  });
  const transition = (t: Transition, from?: string) => ({
    key: t.name,
    ...(from !== undefined && { from }),
    target: t.target,
    // The state's default automatic transition: triggerType 1 (automatic), triggerKind 10 (default auto).
    triggerType: t.auto ? 1 : t.trigger ? TRIGGER_TYPE[t.trigger] : 0,
    ...(t.auto && { triggerKind: 10 }),
    versionStrategy: t.versionStrategy ?? strategy,
    labels: labels(t.labels ?? {}, t.name),
    onExecutionTasks: tasks(t.onExecutionTasks ?? []),
    ...(t.roles && { roles: t.roles }),
    ...t.platform,
  });
  const timeout = w?.platform?.timeout as { [key: string]: JsonValue } | undefined;
  return {
    key: flow.key,
    flow: 'sys-flows',
    flowVersion: w?.flowVersion ?? '1.0.0',
    domain: flow.domain,
    version: flow.version,
    tags: w?.tags ?? [flow.domain],
    attributes: {
      type: w?.type ?? 'F',
      timeout: timeout ? { ...timeout, versionStrategy: timeout.versionStrategy ?? strategy } : null,
      labels: labels(flow.labels, flow.key),
      ...(w?.platform?.scripts && { scripts: w.platform.scripts }),
      ...(w?.platform?.event && { event: w.platform.event }),
      ...(w?.platform?.output && { output: w.platform.output }),
      ...(w?.platform?.config && { config: w.platform.config }),
      functions: w?.platform?.functions ?? [],
      features: w?.platform?.features ?? [],
      extensions: w?.platform?.extensions ?? [],
      // The master schema: the JSON Schema of the instance data document, a Schema component of its own,
      // unless the flow names its own (or none).
      ...(w?.platform && 'schema' in w.platform
        ? w.platform.schema !== null && { schema: w.platform.schema }
        : { schema: { key: masterSchemaKey(flow.key), domain: flow.domain, version: flow.version, flow: 'sys-schemas' } }),
      sharedTransitions: (w?.sharedTransitions ?? []).map((t) => ({ ...transition(t), ...(t.availableIn && { availableIn: t.availableIn }) })),
      startTransition: {
        key: start?.key ?? 'start',
        target: initial.key,
        triggerType: 0,
        versionStrategy: start?.versionStrategy ?? strategy,
        labels: labels(start?.labels ?? {}, 'Start'),
        onExecutionTasks: tasks(start?.onExecutionTasks ?? []),
        ...(start?.roles && { roles: start.roles }),
        ...start?.platform,
      },
      ...(w?.queryRoles && { queryRoles: w.queryRoles }),
      ...(w?.cancel && { cancel: special(w.cancel, 'Cancel') }),
      ...(w?.exit && { exit: special(w.exit, 'Exit') }),
      ...(w?.updateData && { updateData: special(w.updateData, 'Update data') }),
      ...(w?.errorBoundary && { errorBoundary: errorBoundary(w.errorBoundary) }),
      states: flow.states.map((s) => ({
        key: s.key,
        stateType: STATE_TYPE[s.type],
        ...(s.subType !== undefined && { subType: s.subType }),
        versionStrategy: s.versionStrategy ?? strategy,
        labels: labels(s.labels, s.key),
        ...(s.queryRoles && { queryRoles: s.queryRoles }),
        ...(s.errorBoundary && { errorBoundary: errorBoundary(s.errorBoundary) }),
        ...(s.onEntries && { onEntries: tasks(s.onEntries) }),
        ...(s.onExits && { onExits: tasks(s.onExits) }),
        ...s.platform,
        transitions: s.transitions.map((t) => transition(t, s.key)),
      })),
    },
  };
}

function tasks(calls: readonly TaskCallModel[]): object[] {
  return calls.map((c) => ({ order: c.order, task: c.task, mapping: c.mapping, ...(c.variableKey !== undefined && { variableKey: c.variableKey }), ...(c.errorBoundary && { errorBoundary: errorBoundary(c.errorBoundary) }) }));
}

/** An error boundary as the platform writes it (positions left out). */
function errorBoundary(boundary: ErrorBoundaryModel): object {
  const timeout = boundary.onTimeout && (({ transitionPos: _pos, ...rest }) => rest)(boundary.onTimeout);
  return { onError: boundary.onError.map(({ transitionPos: _pos, ...rule }) => rule), ...(timeout && { onTimeout: timeout }) };
}

/** The key of a flow's master schema: `<flow>-master`, as the platform's examples name theirs. */
export function masterSchemaKey(flowKey: string): string {
  return `${flowKey}-master`;
}


/** Whether compile generates the flow's master schema component: unless the flow names its own master schema, or none. */
export function generatesMasterSchema(flow: FlowModel): boolean {
  return !(flow.workflow?.platform && 'schema' in flow.workflow.platform);
}
