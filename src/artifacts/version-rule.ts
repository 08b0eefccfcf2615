import { compareSemver, diagnostic, type Diagnostic, type ProjectModel } from '../model/index.ts';
import type { ArtifactPlan } from './build.ts';
import { renderComponent, sameVersionFlowComponent } from './components.ts';
import { stableJson } from './json.ts';
import { layout, previousComponent } from './layout.ts';

/**
 * What a version identifies: everything compile writes for a definition that
 * the runtime deploys, byte for byte — for a flow its schema (FS2001) and its
 * workflow component (states, transitions, labels), for a task, view,
 * function or extension its component. The runtime stores each version once
 * and refuses the same version with other content (the platform's 409), so
 * compile refuses it first (FS2009): a compile that passes is a deploy that
 * cannot be refused for content. A definition at a new version, or one never
 * generated, is free.
 */
export function versionContentDiagnostics(model: ProjectModel, plan: ArtifactPlan, previous: ReadonlyMap<string, string>, outLabel: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const refuse = (what: string, version: string, path: string, pos: Parameters<typeof diagnostic>[1]) =>
    out.push(
      diagnostic(
        'FS2009',
        pos,
        `${what} changes what version ${version} deploys (${outLabel}/${path} would change) but keeps its version: the runtime stores each version once and would refuse it`,
        `bump the version: a version identifies everything compile writes for it, states, transitions and labels included (if ${outLabel}/${path} was edited by hand, restore it: git checkout)`,
      ),
    );
  for (const { domain, flows } of plan.domains)
    for (const planned of flows) {
      const { flow, history } = planned;
      if (planned.reused || !history) continue;
      const path = layout.component(domain.name, 'flows', flow.key);
      // Deleted, the record of what the version deployed is gone, and a compile would write other content under it.
      if (history.component === undefined) {
        out.push(diagnostic('FS2007', { file: `${outLabel}/${path}`, line: 1, column: 1 }, `the workflow component of flow '${flow.key}' (listed in its domain's manifest) is missing`, 'restore it from version control (git checkout): it is what its version deployed'));
        continue;
      }
      if (history.entry.version !== flow.version) continue;
      if (sameVersionFlowComponent(flow, history.component) === undefined && flow.pos) refuse(`flow '${flow.key}'`, flow.version, path, flow.pos);
    }
  for (const domain of model.domains)
    for (const c of domain.components) {
      const path = layout.component(domain.name, c.kind, c.key);
      const before = previousComponent(previous, domain.name, c.kind, c.key);
      const was = before === undefined ? undefined : versionOf(before);
      if (was === undefined || !c.pos) continue;
      // Versions only go forward (as a flow's, FS2002): going back would deploy an old version with other content.
      if (compareSemver(c.version, was) < 0)
        out.push(diagnostic('FS2002', c.pos, `${c.kind.slice(0, -1)} '${c.key}' is at version ${c.version}, lower than its last generated version ${was}`, `versions only go forward: use a version above ${was}`));
      else if (was === c.version && !sameContent(renderComponent(c), before!)) refuse(`${c.kind.slice(0, -1)} '${c.key}'`, c.version, path, c.pos);
    }
  return out;
}

/** The same JSON, whatever its layout: compile writes the file again in its own layout, which is what was deployed. */
function sameContent(rendered: string, before: string): boolean {
  try {
    return stableJson(JSON.parse(before)) === rendered;
  } catch {
    return false;
  }
}

function versionOf(json: string): string | undefined {
  try {
    const v = (JSON.parse(json) as { version?: unknown }).version;
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}
