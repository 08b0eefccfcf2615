import type { LoadedDefinition } from '../loader/index.ts';
import { diagnostic, sortDiagnostics, type Diagnostic, type SourcePos } from './diagnostic.ts';
import { KEY_PATTERN, readFlow } from './flow.ts';
import { databaseNameOf, derivedNamesOf, identifierBytes, MAX_IDENTIFIER_BYTES } from './names.ts';
import { Reader } from './read.ts';
import type { ComponentModel, DomainModel, FlowModel, ProjectModel } from './types.ts';
import { COMPONENT_KINDS, readComponent } from './component.ts';
import { checkReferences } from './check-references.ts';

export interface BuildResult {
  readonly model: ProjectModel;
  readonly diagnostics: readonly Diagnostic[];
}

export interface DomainDraft {
  readonly name: string;
  readonly description?: string;
  readonly file: string;
  readonly pos: SourcePos;
  readonly namePos: SourcePos;
}

/**
 * What one definition file contributes, read without looking at any other
 * file: a flow or a domain and the problems found in it. Plain data, so a
 * CLI may keep it between runs, keyed by the file's content.
 */
export interface ModelUnit {
  readonly file: string;
  readonly flow?: FlowModel;
  readonly component?: ComponentModel;
  readonly domain?: DomainDraft;
  readonly diagnostics: readonly Diagnostic[];
}

/** Loaded definitions into the project model; all problems of the run together. */
export function buildModel(definitions: readonly LoadedDefinition[]): BuildResult {
  return assembleModel(definitions.map(readUnit));
}

export function readUnit(def: LoadedDefinition): ModelUnit {
  const r = new Reader();
  if (def.helper === 'defineDomain') {
    const obj = r.object(def.value, 'defineDomain argument');
    if (!obj) return { file: def.file, diagnostics: r.diagnostics };
    r.only(obj, ['name', 'description'], 'a domain');
    const nameValue = r.required(obj, 'name', 'a domain');
    const name = r.string(nameValue, 'the domain name');
    const description = r.string(r.prop(obj, 'description')?.value, 'the domain description');
    if (name === undefined) return { file: def.file, diagnostics: r.diagnostics };
    if (!KEY_PATTERN.test(name)) {
      r.error('FS1102', nameValue!.pos, `domain name '${name}' must match ^[a-z0-9-]+$`, 'use lowercase letters, digits and dashes');
      return { file: def.file, diagnostics: r.diagnostics };
    }
    if (!checkDomainNames(r, name, nameValue!.pos)) return { file: def.file, diagnostics: r.diagnostics };
    const domain: DomainDraft = { name, file: def.file, pos: def.pos, namePos: nameValue!.pos, ...(description !== undefined && { description }) };
    return { file: def.file, domain, diagnostics: r.diagnostics };
  }
  if (COMPONENT_KINDS[def.helper]) {
    const component = readComponent(r, def);
    return component ? { file: def.file, component, diagnostics: r.diagnostics } : { file: def.file, diagnostics: r.diagnostics };
  }
  const flow = readFlow(r, def);
  return flow ? { file: def.file, flow, diagnostics: r.diagnostics } : { file: def.file, diagnostics: r.diagnostics };
}

/** The checks that span files: duplicate domains and flow keys, every flow's domain defined. */
export function assembleModel(units: readonly ModelUnit[]): BuildResult {
  const sorted = [...units].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const diagnostics: Diagnostic[] = sorted.flatMap((u) => u.diagnostics);
  const domains: DomainDraft[] = [];
  const flows: FlowModel[] = [];
  const components: ComponentModel[] = [];
  for (const unit of sorted) {
    if (unit.component) {
      const c = unit.component;
      const earlier = components.find((x) => x.kind === c.kind && x.key === c.key && x.domain === c.domain);
      if (earlier) diagnostics.push(diagnostic('FS1105', c.pos!, `${c.kind.slice(0, -1)} key '${c.key}' is already used by ${earlier.file}`, 'give each component of a kind a unique key in its domain'));
      else components.push(c);
    }
    if (unit.domain) {
      const earlier = domains.find((d) => d.name === unit.domain!.name);
      if (earlier) diagnostics.push(diagnostic('FS1106', unit.domain.namePos, `domain '${unit.domain.name}' is already defined in ${earlier.file}`, 'define each domain once, in definitions/<domain>/domain.ts'));
      else domains.push(unit.domain);
    }
    if (unit.flow) {
      const flow = unit.flow;
      const earlier = flows.find((f) => f.key === flow.key);
      if (earlier) diagnostics.push(diagnostic('FS1105', flow.pos!, `flow key '${flow.key}' is already used by ${earlier.file}`, 'give each flow a unique key: the key names its schema'));
      else flows.push(flow);
    }
  }
  for (const c of components)
    if (!domains.some((d) => d.name === c.domain))
      diagnostics.push(diagnostic('FS1104', c.pos!, `${c.kind.slice(0, -1)} '${c.key}' belongs to domain '${c.domain}', which has no domain.ts`, `add definitions/${c.domain}/domain.ts with export default defineDomain({ name: '${c.domain}' })`));
  for (const flow of flows)
    if (!domains.some((d) => d.name === flow.domain))
      diagnostics.push(diagnostic('FS1104', flow.pos!, `flow '${flow.key}' belongs to domain '${flow.domain}', which has no domain.ts`, `add definitions/${flow.domain}/domain.ts with export default defineDomain({ name: '${flow.domain}' })`));
  diagnostics.push(...checkReferences(flows, components));
  // A flow's generated master schema is the Schema component `<flow>-master` (artifacts/workflow-component.ts):
  // a defined schema of that key would be a second one, unless the flow names its own master schema (or none).
  for (const c of components)
    if (c.kind === 'schemas') {
      const flow = flows.find((f) => f.domain === c.domain && `${f.key}-master` === c.key && !(f.workflow?.platform && 'schema' in f.workflow.platform));
      if (flow) diagnostics.push(diagnostic('FS1105', c.pos!, `schema key '${c.key}' is the master schema compile generates for flow '${flow.key}'`, `name it otherwise, or let the flow use it: schema: { key: '${c.key}', version: '${c.version}' } in ${flow.file}`));
    }
  const model: ProjectModel = {
    domains: domains
      .map((d): DomainModel => ({
        name: d.name,
        ...(d.description !== undefined && { description: d.description }),
        database: databaseNameOf(d.name),
        flows: flows.filter((f) => f.domain === d.name).sort((a, b) => (a.key < b.key ? -1 : 1)),
        components: components.filter((c) => c.domain === d.name).sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.key < b.key ? -1 : 1)),
        file: d.file,
        pos: d.pos,
      }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
  return { model, diagnostics: sortDiagnostics(diagnostics) };
}

/**
 * FS1201/FS1203 for the names a domain derives: its databases and roles must
 * fit PostgreSQL's 63 bytes (distinct suffixes then keep them distinct) and
 * roles may not start with pg_, which PostgreSQL reserves.
 */
function checkDomainNames(r: Reader, domain: string, pos: SourcePos): boolean {
  const problem = derivedNamesProblem(domain);
  if (problem) r.error(problem.code, pos, problem.message, problem.hint);
  return problem === undefined;
}

/** What is wrong with the names a domain derives (FS1201, FS1203), or undefined. */
function derivedNamesProblem(domain: string): DomainNameProblem | undefined {
  const names = derivedNamesOf(domain);
  const longest = names.reduce((a, b) => (identifierBytes(b.name) > identifierBytes(a.name) ? b : a));
  if (identifierBytes(longest.name) > MAX_IDENTIFIER_BYTES) {
    const room = MAX_IDENTIFIER_BYTES - (identifierBytes(longest.name) - identifierBytes(domain));
    return { code: 'FS1201', message: `domain name '${domain}' is ${identifierBytes(domain)} bytes: its ${longest.what} '${longest.name}' would be ${identifierBytes(longest.name)} bytes, and PostgreSQL truncates names to ${MAX_IDENTIFIER_BYTES} (the domain's roles would collapse into one)`, hint: `shorten the domain name to at most ${room} characters` };
  }
  const reserved = names.find((n) => n.what.endsWith('role') && n.name.startsWith('pg_'));
  if (reserved) return { code: 'FS1203', message: `domain name '${domain}' gives the ${reserved.what} '${reserved.name}', and PostgreSQL reserves names starting with pg_`, hint: 'choose a domain name that does not start with pg-' };
  return undefined;
}

export interface DomainNameProblem {
  readonly code: 'FS1102' | 'FS1201' | 'FS1203';
  readonly message: string;
  readonly hint: string;
}

/** Everything a definition's domain name is checked for (FS1102, FS1201, FS1203), for names that come from elsewhere (`flowschema init --domain`). */
export function domainNameProblem(domain: string): DomainNameProblem | undefined {
  if (!KEY_PATTERN.test(domain)) return { code: 'FS1102', message: `domain name '${domain}' must match ^[a-z0-9-]+$`, hint: 'use lowercase letters, digits and dashes' };
  return derivedNamesProblem(domain);
}
