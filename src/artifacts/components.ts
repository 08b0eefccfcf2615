import type { ComponentModel, FlowModel } from '../model/index.ts';
import { stableJson } from './json.ts';

/**
 * A flow as a vNext workflow component (reference/vnext/schemas/
 * workflow-definition.schema.json): what the runtime stores in sys_flows when
 * the domain is deployed. Transitions are manual; labels default to the key.
 */
export function flowComponent(flow: FlowModel): object {
  const labels = (given: Readonly<Record<string, string>>, fallback: string) => {
    const entries = Object.entries(given);
    return entries.length ? entries.map(([language, label]) => ({ language, label })) : [{ language: 'en', label: fallback }];
  };
  const initial = flow.states.find((s) => s.type === 'initial')!;
  const stateType = { initial: 1, intermediate: 2, final: 3 } as const;
  return {
    key: flow.key,
    flow: 'sys-flows',
    flowVersion: '1.0.0',
    domain: flow.domain,
    version: flow.version,
    tags: [flow.domain],
    attributes: {
      type: 'F',
      timeout: null,
      labels: labels(flow.labels, flow.key),
      functions: [],
      features: [],
      extensions: [],
      sharedTransitions: [],
      startTransition: { key: 'start', target: initial.key, triggerType: 0, versionStrategy: 'Minor', labels: [{ language: 'en', label: 'Start' }], onExecutionTasks: [] },
      states: flow.states.map((s) => ({
        key: s.key,
        stateType: stateType[s.type],
        versionStrategy: 'Minor',
        labels: labels(s.labels, s.key),
        transitions: s.transitions.map((t) => ({
          key: t.name,
          from: s.key,
          target: t.target,
          triggerType: 0,
          versionStrategy: 'Minor',
          labels: [{ language: 'en', label: t.name }],
          onExecutionTasks: [],
        })),
      })),
    },
  };
}

export function renderFlowComponent(flow: FlowModel): string {
  return stableJson(flowComponent(flow));
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
