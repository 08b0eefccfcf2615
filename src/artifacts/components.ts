import type { ComponentModel, ErrorBoundaryModel, FlowModel, SpecialTransition } from '../model/index.ts';
import { stableJson } from './json.ts';

/**
 * A flow as a vNext workflow component (reference/vnext/schemas/
 * workflow-definition.schema.json): what the runtime stores in sys_flows when
 * the domain is deployed. Transitions are manual; labels default to the key
 * in en; type F, tags [domain] and a start transition `start` (Start) unless
 * the definition says otherwise.
 */
export function flowComponent(flow: FlowModel): object {
  const labels = (given: Readonly<Record<string, string>>, fallback: string) => {
    const entries = Object.entries(given);
    return entries.length ? entries.map(([language, label]) => ({ language, label })) : [{ language: 'en', label: fallback }];
  };
  const initial = flow.states.find((s) => s.type === 'initial')!;
  const stateType = { initial: 1, intermediate: 2, final: 3 } as const;
  const start = flow.workflow?.start;
  const strategy = flow.workflow?.versionStrategy ?? 'Minor';
  // cancel, exit and update-data: manual, from any state; update-data stays where it is ($self).
  const special = (t: SpecialTransition, label: string) => ({
    key: t.key,
    target: t.target ?? '$self',
    triggerType: 0,
    versionStrategy: strategy,
    labels: labels(t.labels ?? {}, label),
    ...(t.roles && { roles: t.roles }),
  });
  return {
    key: flow.key,
    flow: 'sys-flows',
    flowVersion: '1.0.0',
    domain: flow.domain,
    version: flow.version,
    tags: flow.workflow?.tags ?? [flow.domain],
    attributes: {
      type: flow.workflow?.type ?? 'F',
      timeout: null,
      labels: labels(flow.labels, flow.key),
      functions: [],
      features: [],
      extensions: [],
      // The master schema: the JSON Schema of the instance data document, a Schema component of its own.
      schema: { key: masterSchemaKey(flow.key), domain: flow.domain, version: flow.version, flow: 'sys-schemas' },
      sharedTransitions: [],
      startTransition: { key: start?.key ?? 'start', target: initial.key, triggerType: 0, versionStrategy: strategy, labels: labels(start?.labels ?? {}, 'Start'), onExecutionTasks: [], ...(start?.roles && { roles: start.roles }) },
      ...(flow.workflow?.queryRoles && { queryRoles: flow.workflow.queryRoles }),
      ...(flow.workflow?.cancel && { cancel: special(flow.workflow.cancel, 'Cancel') }),
      ...(flow.workflow?.exit && { exit: special(flow.workflow.exit, 'Exit') }),
      ...(flow.workflow?.updateData && { updateData: special(flow.workflow.updateData, 'Update data') }),
      ...(flow.workflow?.errorBoundary && { errorBoundary: errorBoundary(flow.workflow.errorBoundary) }),
      states: flow.states.map((s) => ({
        key: s.key,
        stateType: stateType[s.type],
        ...(s.subType !== undefined && { subType: s.subType }),
        versionStrategy: strategy,
        labels: labels(s.labels, s.key),
        ...(s.queryRoles && { queryRoles: s.queryRoles }),
        ...(s.errorBoundary && { errorBoundary: errorBoundary(s.errorBoundary) }),
        transitions: s.transitions.map((t) => ({
          key: t.name,
          from: s.key,
          target: t.target,
          // The state's default automatic transition: triggerType 1 (automatic), triggerKind 10 (default auto).
          triggerType: t.auto ? 1 : 0,
          ...(t.auto && { triggerKind: 10 }),
          versionStrategy: t.versionStrategy ?? strategy,
          labels: labels(t.labels ?? {}, t.name),
          onExecutionTasks: [],
          ...(t.roles && { roles: t.roles }),
        })),
      })),
    },
  };
}

/** An error boundary as the platform writes it (positions left out). */
function errorBoundary(boundary: ErrorBoundaryModel): object {
  return { onError: boundary.onError.map(({ transitionPos: _pos, ...rule }) => rule) };
}

export function renderFlowComponent(flow: FlowModel): string {
  return stableJson(flowComponent(flow));
}

/**
 * What a version already generated keeps as its workflow component: what
 * it deployed never changes. That is `before` (in compile's layout) when the
 * definition still renders it, or renders it but for what flowschema added
 * since (the master schema reference, 0.2: it comes with the flow's next
 * version). Undefined when the definition itself changed at the same
 * version, which version-rule.ts refuses (FS2009).
 */
export function sameVersionFlowComponent(flow: FlowModel, before: string): string | undefined {
  let was: { attributes?: Record<string, unknown> };
  try {
    was = JSON.parse(before) as typeof was;
  } catch {
    return undefined;
  }
  if (typeof was !== 'object' || was === null || typeof was.attributes !== 'object' || was.attributes === null) return undefined;
  const kept = stableJson(was);
  const now = flowComponent(flow) as { attributes: Record<string, unknown> };
  if ('schema' in was.attributes) return stableJson(now) === kept ? kept : undefined;
  const { schema: _added, ...rest } = now.attributes;
  return stableJson({ ...now, attributes: rest }) === kept ? kept : undefined;
}

/** The key of a flow's master schema: `<flow>-master`, as the platform's examples name theirs. */
export function masterSchemaKey(flowKey: string): string {
  return `${flowKey}-master`;
}

/**
 * A flow's master schema as a vNext Schema component (sys-schemas): the
 * flow's data.schema.json (`dataSchema`, its text) as `attributes.schema`,
 * at the flow's version, so the workflow's `schema` reference names it.
 */
export function renderMasterSchema(flow: { key: string; domain: string; version: string }, dataSchema: string): string {
  return stableJson({
    key: masterSchemaKey(flow.key),
    flow: 'sys-schemas',
    flowVersion: '1.0.0',
    domain: flow.domain,
    version: flow.version,
    tags: [flow.domain, flow.key, 'master'],
    attributes: { type: 'schema', schema: JSON.parse(dataSchema) as object },
  });
}

/**
 * The package's vnext.config.json: the platform template's shape, with the
 * components in the package's own folder (`componentsRoot: "."`).
 */
export function renderVnextConfig(domain: string, components: Readonly<Record<string, readonly string[]>>): string {
  return stableJson({
    version: '1.0.0',
    description: `${domain} domain definition configuration, written by flowschema`,
    domain,
    paths: { componentsRoot: '.', tasks: 'Tasks', views: 'Views', functions: 'Functions', extensions: 'Extensions', workflows: 'Workflows', schemas: 'Schemas', mappings: 'Mappings' },
    exports: { ...Object.fromEntries(['functions', 'workflows', 'tasks', 'views', 'schemas', 'extensions', 'mappings'].map((k) => [k, [...(components[k] ?? [])].sort()])), visibility: 'public' },
    dependencies: { domains: [], npm: [] },
  });
}

const SYSTEM_FLOW: Readonly<Record<ComponentModel['kind'], string>> = {
  tasks: 'sys-tasks',
  views: 'sys-views',
  functions: 'sys-functions',
  extensions: 'sys-extensions',
};

/** A task, view, function or extension in the vNext format: the header, then its attributes as written. */
export function renderComponent(c: ComponentModel): string {
  return stableJson({ key: c.key, flow: SYSTEM_FLOW[c.kind], flowVersion: '1.0.0', domain: c.domain, version: c.version, tags: c.tags, attributes: c.attributes });
}
