import type { LoadedDefinition } from '../loader/index.ts';
import { sortDiagnostics, type Diagnostic } from './diagnostic.ts';
import { KEY_PATTERN, readFlow } from './flow.ts';
import { databaseNameOf } from './names.ts';
import { Reader } from './read.ts';
import type { DomainModel, FlowModel, ProjectModel } from './types.ts';

export interface BuildResult {
  readonly model: ProjectModel;
  readonly diagnostics: readonly Diagnostic[];
}

/** Loaded definitions into the project model; all problems of the run together. */
export function buildModel(definitions: readonly LoadedDefinition[]): BuildResult {
  const r = new Reader();
  const domains: { name: string; description?: string; file: string; pos: LoadedDefinition['pos'] }[] = [];
  const flows: FlowModel[] = [];
  for (const def of definitions) {
    if (def.helper === 'defineDomain') {
      const obj = r.object(def.value, 'defineDomain argument');
      if (!obj) continue;
      r.only(obj, ['name', 'description'], 'a domain');
      const nameValue = r.required(obj, 'name', 'a domain');
      const name = r.string(nameValue, 'the domain name');
      const description = r.string(r.prop(obj, 'description')?.value, 'the domain description');
      if (name === undefined) continue;
      if (!KEY_PATTERN.test(name)) {
        r.error('FS1102', nameValue!.pos, `domain name '${name}' must match ^[a-z0-9-]+$`, 'use lowercase letters, digits and dashes');
        continue;
      }
      const earlier = domains.find((d) => d.name === name);
      if (earlier) {
        r.error('FS1106', nameValue!.pos, `domain '${name}' is already defined in ${earlier.file}`, 'define each domain once, in definitions/<domain>/domain.ts');
        continue;
      }
      domains.push({ name, file: def.file, pos: def.pos, ...(description !== undefined && { description }) });
    } else {
      const flow = readFlow(r, def);
      if (!flow) continue;
      const earlier = flows.find((f) => f.key === flow.key);
      if (earlier) {
        r.error('FS1105', flow.pos!, `flow key '${flow.key}' is already used by ${earlier.file}`, 'give each flow a unique key: the key names its schema');
        continue;
      }
      flows.push(flow);
    }
  }
  for (const flow of flows)
    if (!domains.some((d) => d.name === flow.domain))
      r.error('FS1104', flow.pos!, `flow '${flow.key}' belongs to domain '${flow.domain}', which has no domain.ts`, `add definitions/${flow.domain}/domain.ts with export default defineDomain({ name: '${flow.domain}' })`);
  const model: ProjectModel = {
    domains: domains
      .map((d): DomainModel => ({
        name: d.name,
        ...(d.description !== undefined && { description: d.description }),
        database: databaseNameOf(d.name),
        flows: flows.filter((f) => f.domain === d.name).sort((a, b) => (a.key < b.key ? -1 : 1)),
        file: d.file,
        pos: d.pos,
      }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
  return { model, diagnostics: sortDiagnostics(r.diagnostics) };
}
