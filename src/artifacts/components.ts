import type { ComponentModel, FlowModel } from '../model/index.ts';
import { flowComponent, generatesMasterSchema, masterSchemaKey } from './workflow-component.ts';
import { stableJson } from './json.ts';
import { REFERENCE_FLOW } from '../model/references.ts';

export { flowComponent, generatesMasterSchema, masterSchemaKey };

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


/** A task, view, function or extension in the vNext format: the header, then its attributes as written. */
export function renderComponent(c: ComponentModel): string {
  return stableJson({ key: c.key, flow: REFERENCE_FLOW[c.kind], flowVersion: c.flowVersion ?? '1.0.0', domain: c.domain, version: c.version, tags: c.tags, attributes: c.attributes });
}
