import { posix } from 'node:path';
import { tsLineComment } from '../codegen/ts-escape.ts';
import { MAX_NESTING } from '../loader/module.ts';
import { isSemver } from '../model/semver.ts';
import { FileContext, type ComponentKind, type ImportDiagnostic, type ImportedComponent } from './context.ts';
import { definitionFile, DSL_NAMES, KIND_FILES, KIND_OF_FLOW } from './names.ts';
import { isObj } from './parts.ts';
import { extractConsts, printConsts } from './consts.ts';
import { printTs, type TsValue } from './ts-value.ts';
import { importWorkflow } from './workflow.ts';


/** One vNext JSON file to import: its path as the user should see it, and its text. */
export interface ImportInput {
  readonly path: string;
  readonly text: string;
}

export interface ImportResult {
  /** definition and script files, by path relative to the output folder */
  readonly files: ReadonlyMap<string, string | Buffer>;
  readonly diagnostics: readonly ImportDiagnostic[];
  readonly components: readonly ImportedComponent[];
}

const KEY = /^[a-z0-9-]+$/;

/**
 * vNext JSON definitions (workflows, tasks, views, schemas, functions,
 * extensions, mappings) into flowschema definitions: one file per
 * component, a domain.ts per domain, the scripts of each workflow beside it.
 * Pure: the CLI reads the inputs and writes the files. References between
 * the imported components become imports of their definitions; references
 * to anything else are declared external, so the result compiles at once.
 * What the DSL cannot express is a warning at its JSON path.
 */
export function importDefinitions(inputs: readonly ImportInput[]): ImportResult {
  const diagnostics: ImportDiagnostic[] = [];
  const docs: { input: ImportInput; doc: Record<string, unknown>; component: ImportedComponent }[] = [];
  for (const input of [...inputs].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const fail = (message: string, severity: 'error' | 'warning' = 'error') => diagnostics.push({ file: input.path, path: '$', severity, message });
    let doc: unknown;
    try {
      // A byte order mark is text editors' and .NET's, not JSON's: read past it.
      doc = JSON.parse(input.text.replace(/^\uFEFF/, ''));
    } catch (e) {
      fail(`not JSON: ${(e as Error).message.split('\n')[0]}`);
      continue;
    }
    if (!isObj(doc)) {
      fail('not a vNext component: the file holds no JSON object');
      continue;
    }
    if (depthOf(doc) > MAX_NESTING) {
      fail(`nested more than ${MAX_NESTING} levels deep: not imported (a definition nests at most ${MAX_NESTING})`);
      continue;
    }
    doc = sanitize(doc, '$', (path, message) => diagnostics.push({ file: input.path, path, severity: 'warning', message }));
    if (!isObj(doc)) continue;
    const kind = typeof doc.flow === 'string' ? KIND_OF_FLOW[doc.flow] : undefined;
    if (!kind) {
      fail(`not a vNext component: flow ${JSON.stringify(doc.flow ?? null)} is none of ${Object.keys(KIND_OF_FLOW).join(', ')}`, 'warning');
      continue;
    }
    const { key, domain, version } = doc;
    if (typeof key !== 'string' || !KEY.test(key) || typeof domain !== 'string' || !KEY.test(domain) || typeof version !== 'string' || !isSemver(version)) {
      fail('its key and domain must match ^[a-z0-9-]+$ and its version be a semantic version: not imported');
      continue;
    }
    const same = docs.find((d) => d.component.kind === kind && d.component.key === key && d.component.domain === domain);
    if (same) {
      fail(`${kind.slice(0, -1)} ${key} of domain ${domain} is also in ${same.input.path} (version ${same.component.version}): a project defines one version of a component; not imported`);
      continue;
    }
    docs.push({ input, doc, component: { kind, key, domain, version, file: definitionFile(kind, domain, key), source: input.path } });
  }
  const components = docs.map((d) => d.component);
  const files = new Map<string, string | Buffer>();
  for (const domain of [...new Set(components.map((c) => c.domain))].sort())
    files.set(posix.join(domain, 'domain.ts'), `import { defineDomain } from 'flowschema';\n\nexport default defineDomain({ name: ${printTs(domain)} });\n`);
  for (const { input, doc, component } of docs) {
    const ctx = new FileContext(input.path, component.file, component.domain, diagnostics, components);
    try {
      const value = component.kind === 'workflows' ? importWorkflow(ctx, doc) : importComponent(ctx, doc);
      files.set(component.file, renderDefinition(ctx, component.kind, value));
      for (const [path, bytes] of ctx.scripts) files.set(path, bytes);
    } catch (error) {
      // A shape no importer foresaw: this file is not imported, and the rest is (one line, not a stack trace).
      ctx.error('$', `not imported: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  // Every path stays in its component's folder (a flow's scripts under the flow's): made so by construction, checked all the same.
  for (const path of files.keys())
    if (path !== posix.normalize(path) || path.startsWith('/') || path.split('/').some((segment) => segment === '..' || segment === '.' || segment === ''))
      throw new Error(`flowschema import: a path outside its folder was made (${JSON.stringify(path)}): a bug`);
  return { files, diagnostics, components };
}

/** How deeply objects and arrays nest in a JSON value, counted without recursion (a file may nest thousands deep). */
function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    max = Math.max(max, depth);
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, depth + 1]);
  }
  return max;
}

/**
 * The document with what no definition can hold taken out, each reported:
 * a `__proto__` key (as a property of a definition it would set the
 * prototype) and a number beyond what JSON holds (1e999). Everything the
 * importers read afterwards is plain data.
 */
function sanitize(value: unknown, path: string, warn: (path: string, message: string) => void): unknown {
  if (Array.isArray(value)) return value.map((v, i) => sanitize(v, `${path}[${i}]`, warn));
  if (typeof value === 'number' && !Number.isFinite(value)) {
    warn(path, 'a number beyond what JSON holds: written as null');
    return null;
  }
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '__proto__') warn(`${path}.${k}`, 'a __proto__ key cannot be a definition property: left out');
    else out[k] = sanitize(v, `${path}.${k}`, warn);
  }
  return out;
}

/** A task, view, schema, function, extension or mapping: its header, and its attributes as they are. */
function importComponent(ctx: FileContext, doc: Record<string, unknown>): Record<string, TsValue> {
  ctx.leftovers(doc, ['key', 'flow', 'flowVersion', 'domain', 'version', 'tags', 'attributes'], '$');
  const out: Record<string, TsValue> = { key: doc.key as string, domain: doc.domain as string, version: doc.version as string };
  if (typeof doc.flowVersion === 'string' && doc.flowVersion !== '1.0.0') out.flowVersion = doc.flowVersion;
  if (Array.isArray(doc.tags) && doc.tags.length && !(doc.tags.length === 1 && doc.tags[0] === doc.domain)) out.tags = doc.tags.filter((t): t is string => typeof t === 'string');
  out.attributes = (isObj(doc.attributes) ? doc.attributes : {}) as TsValue;
  return out;
}

function renderDefinition(ctx: FileContext, kind: ComponentKind, value: Record<string, TsValue>): string {
  const helper = KIND_FILES[kind].helper;
  const helpers = ctx.scripts.size ? [helper, 'script'].sort() : [helper];
  const imports = [...ctx.imports].sort((a, b) => (a[1] < b[1] ? -1 : 1)).map(([specifier, name]) => `import ${name} from ${printTs(specifier)};\n`);
  // A workflow's repeated task calls, role lists and external references, once each.
  const shared = kind === 'workflows' ? extractConsts(value, new Set([...ctx.imports.values(), ...DSL_NAMES])) : { value, consts: [] };
  const consts = shared.consts.length ? `\n${printConsts(shared.consts)}` : '';
  return `// Imported by flowschema import from ${tsLineComment(ctx.source)}.\nimport { ${helpers.join(', ')} } from 'flowschema';\n${imports.join('')}${consts}\nexport default ${helper}(${printTs(shared.value)});\n`;
}
