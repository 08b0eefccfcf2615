import { posix } from 'node:path';

/** Paths inside generated/, relative to it, always with forward slashes. */
export const layout = {
  manifest: (domain: string) => `${domain}/manifest.json`,
  flowDir: (domain: string, schema: string) => `${domain}/flows/${schema}`,
  migration: (domain: string, schema: string, id: string) => `${domain}/flows/${schema}/migrations/${id}.sql`,
  snapshot: (domain: string, schema: string) => `${domain}/flows/${schema}/snapshot.json`,
  client: (domain: string, schema: string) => `${domain}/flows/${schema}/client.ts`,
  /** with `compile --client js`, instead of client.ts */
  clientJs: (domain: string, schema: string) => `${domain}/flows/${schema}/client.js`,
  clientDts: (domain: string, schema: string) => `${domain}/flows/${schema}/client.d.ts`,
  /** the JSON Schema of the flow's instance data document (its vNext master schema) */
  dataSchema: (domain: string, schema: string) => `${domain}/flows/${schema}/data.schema.json`,
  /** a component in the platform's package layout: `<domain>/vnext/<Folder>/<key>.json` */
  component: (domain: string, kind: VnextKind, key: string) => `${domain}/vnext/${VNEXT_FOLDERS[kind]}/${key}.json`,
  /** the package's configuration, as the platform's template project has it */
  vnextConfig: (domain: string) => `${domain}/vnext/vnext.config.json`,
  migrationId: (sequence: number, version: string) => `${String(sequence).padStart(4, '0')}_${version}`,
};

/** Component kinds, and the package folder each lives in (the platform's `paths` in vnext.config.json). */
export const VNEXT_FOLDERS = {
  flows: 'Workflows',
  tasks: 'Tasks',
  views: 'Views',
  functions: 'Functions',
  extensions: 'Extensions',
  schemas: 'Schemas',
  mappings: 'Mappings',
} as const;
export type VnextKind = keyof typeof VNEXT_FOLDERS;

/**
 * The names the compiler can put into a path. None of them can hold a `/`,
 * be `.` or `..`, or start with a dot, so a path built from them never leaves
 * its folder: the model validates domain and keys (FS1101, FS1102), a schema
 * is its flow key with `-` -> `_`, and a migration id is a sequence number and
 * a semver version (digits, letters, `.`, `-`, `+`).
 */
export const LAYOUT_NAMES = {
  domain: /^[a-z0-9-]+$/,
  key: /^[a-z0-9-]+$/,
  schema: /^[a-z0-9_]+$/,
  migrationId: /^\d{4,}_[0-9A-Za-z][0-9A-Za-z.+-]*$/,
  componentFolder: /^(?:Workflows|Tasks|Views|Functions|Extensions|Schemas|Mappings)$/,
};

const N = LAYOUT_NAMES;
const name = (pattern: RegExp) => pattern.source.slice(1, -1);
/** Every file the compiler can write, as one pattern over a path relative to generated/. */
const LAYOUT_FILE = new RegExp(
  `^${name(N.domain)}/(?:manifest\\.json` +
    `|flows/${name(N.schema)}/(?:snapshot\\.json|client\\.(?:ts|js|d\\.ts)|data\\.schema\\.json|migrations/${name(N.migrationId)}\\.sql)` +
    `|vnext/(?:vnext\\.config\\.json|${name(N.componentFolder)}/${name(N.key)}\\.json))$`,
);
/** The folders those files live in (a path relative to generated/, without a trailing slash). */
const LAYOUT_DIR = new RegExp(`^${name(N.domain)}(?:/flows(?:/${name(N.schema)}(?:/migrations)?)?|/vnext(?:/${name(N.componentFolder)})?)?$`);
/**
 * Where flowschema 0.1 wrote components (`<domain>/components/<kind>/<key>.json`):
 * still flowschema's, so that a compile removes them (and --check lists them as extra)
 * rather than refusing them as foreign files.
 */
/** A component's text in an existing generated/ tree: at its package path, or where 0.1 wrote it. */
export function previousComponent(tree: ReadonlyMap<string, string>, domain: string, kind: VnextKind, key: string): string | undefined {
  return tree.get(layout.component(domain, kind, key)) ?? tree.get(`${domain}/components/${kind}/${key}.json`);
}
const LEGACY_FILE = new RegExp(`^${name(N.domain)}/components/(?:flows|tasks|views|functions|extensions)/${name(N.key)}\\.json$`);
const LEGACY_DIR = new RegExp(`^${name(N.domain)}/components(?:/(?:flows|tasks|views|functions|extensions))?$`);
/** What the CLI's atomic write leaves behind when it is killed between writing and renaming. */
const LEFTOVER_TEMP = /\.\d+\.tmp$/;

/** True for a path (relative to generated/) the compiler can write. */
export function isLayoutPath(path: string): boolean {
  return LAYOUT_FILE.test(path);
}

/** True for a folder (relative to generated/) that can hold compiler output. */
export function isLayoutDir(path: string): boolean {
  return LAYOUT_DIR.test(path) || LEGACY_DIR.test(path);
}

/** A layout path, or the temporary sibling an interrupted write of one left: files flowschema wrote and may remove. */
export function isOwnedPath(path: string): boolean {
  return isLayoutPath(path) || LEGACY_FILE.test(path) || (LEFTOVER_TEMP.test(path) && isLayoutPath(path.replace(LEFTOVER_TEMP, '')));
}

/**
 * Why a manifest cannot be used. `path`: a name or file it holds would lead
 * outside the layout (the message ends with what is refused); `shape`: a
 * missing or mistyped field (the message says only what is wrong).
 */
export interface ManifestProblem {
  readonly kind: 'path' | 'shape';
  readonly message: string;
}

/**
 * Checks a parsed generated/<domain>/manifest.json before anything takes a
 * path or a name from it: every domain, schema, flow and file must be exactly
 * what the compiler writes there (a migration's file is
 * `flows/<schema>/migrations/<id>.sql` with its own schema and id, the
 * snapshot `flows/<schema>/snapshot.json`), and every field the runtime uses
 * must have its type, so a hand-made manifest can neither point a reader
 * outside `generated/<domain>/` nor crash it. `domainDir` is how messages
 * name the folder (`generated/idm`). Undefined when the manifest is sound.
 */
export function manifestProblem(value: unknown, domain: string, domainDir: string): ManifestProblem | undefined {
  const shape = (message: string): ManifestProblem => ({ kind: 'shape', message });
  const path = (message: string, refusal = 'refusing to use it'): ManifestProblem => ({ kind: 'path', message: `${message}: ${refusal}` });
  if (!LAYOUT_NAMES.domain.test(domain)) return path(`'${domain}' is not a domain name (${LAYOUT_NAMES.domain.source})`);
  if (!isRecord(value)) return shape('it is not a JSON object');
  if (typeof value.domain !== 'string') return shape('it names no domain');
  if (value.domain !== domain) return path(`it names domain ${shown(value.domain)}, but it is the manifest of domain '${domain}'`);
  const database = `${domain.replace(/-/g, '_')}_db`;
  if (value.database !== database) return shape(`it names database ${shown(value.database)}, but domain '${domain}' has database '${database}'`);
  if (!Array.isArray(value.schemas)) return shape('its schemas are not a list');
  const seen = new Set<string>();
  for (const [i, entry] of value.schemas.entries()) {
    if (!isRecord(entry)) return shape(`schema entry ${i + 1} is not a JSON object`);
    const { schema, flow } = entry;
    if (typeof schema !== 'string' || !LAYOUT_NAMES.schema.test(schema)) return path(`schema entry ${i + 1} names schema ${shown(schema)}, which is not a schema name (${LAYOUT_NAMES.schema.source})`);
    if (typeof flow !== 'string' || !LAYOUT_NAMES.key.test(flow)) return path(`schema ${schema} names flow ${shown(flow)}, which is not a flow key (${LAYOUT_NAMES.key.source})`);
    if (schema !== flow.replace(/-/g, '_')) return path(`schema ${schema} is not the schema of its flow '${flow}'`);
    if (seen.has(schema)) return shape(`schema ${schema} is listed twice`);
    seen.add(schema);
    if (entry.kind !== 'flow') return shape(`schema ${schema} has kind ${shown(entry.kind)}, not 'flow'`);
    for (const field of ['version', 'initialState', 'source'])
      if (typeof entry[field] !== 'string') return shape(`schema ${schema} has no ${field}`);
    const snapshot = entry.snapshot;
    if (!isRecord(snapshot) || typeof snapshot.sha256 !== 'string') return shape(`schema ${schema} has no snapshot with a sha256`);
    const snapshotFile = `flows/${schema}/snapshot.json`;
    if (snapshot.file !== snapshotFile) return path(fileMessage(`schema ${schema}`, snapshot.file, snapshotFile, domainDir), 'refusing to read it');
    if (!Array.isArray(entry.migrations)) return shape(`schema ${schema} has no list of migrations`);
    for (const [j, m] of entry.migrations.entries()) {
      if (!isRecord(m)) return shape(`migration ${j + 1} of schema ${schema} is not a JSON object`);
      if (typeof m.id !== 'string' || !LAYOUT_NAMES.migrationId.test(m.id)) return path(`migration ${j + 1} of schema ${schema} has id ${shown(m.id)}, which is not a migration id (NNNN_<version>)`, 'refusing to read it');
      const file = `flows/${schema}/migrations/${m.id}.sql`;
      if (m.file !== file) return path(fileMessage(`migration ${m.id} of schema ${schema}`, m.file, file, domainDir), 'refusing to read it');
      if (typeof m.toVersion !== 'string' || (m.fromVersion !== null && typeof m.fromVersion !== 'string')) return shape(`migration ${m.id} of schema ${schema} has no fromVersion and toVersion`);
      if (m.id !== layout.migrationId(j + 1, m.toVersion)) return shape(`migration ${j + 1} of schema ${schema} is ${m.id}, but the layout numbers it ${layout.migrationId(j + 1, m.toVersion)}`);
      if (typeof m.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(m.sha256)) return shape(`migration ${m.id} of schema ${schema} has no sha256`);
    }
  }
  return undefined;
}

/** `…names file '../x', which is not inside generated/d/`, or, for a file inside it, where the file belongs instead. */
function fileMessage(what: string, file: unknown, expected: string, domainDir: string): string {
  if (typeof file !== 'string') return `${what} names no file (its file is ${expected})`;
  const normalized = posix.normalize(file);
  const outside = posix.isAbsolute(file) || normalized === '..' || normalized.startsWith('../') || file.includes('\\') || file.includes('\0');
  return outside ? `${what} names file ${shown(file)}, which is not inside ${domainDir}/` : `${what} names file ${shown(file)}, but its file is ${expected}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value from a manifest, quoted for a one-line message: printable strings in single quotes, anything else as JSON, cut at 200 characters. */
function shown(value: unknown): string {
  const text = typeof value === 'string' && /^[\x20-\x26\x28-\x7e]*$/.test(value) ? `'${value}'` : (JSON.stringify(value) ?? String(value));
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
