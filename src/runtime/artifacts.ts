import { readFileSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { dataSchemaProblem, sha256, type DataSchema, type Manifest, type ManifestSchema } from '../artifacts/index.ts';
import { layout, manifestProblem, LAYOUT_NAMES } from '../artifacts/layout.ts';
import { InvalidDataSchemaError, InvalidManifestError, ManifestPathError, MissingMigrationError, UnknownFlowError } from './errors.ts';

export interface MigrationFile {
  readonly id: string;
  readonly file: string;
  readonly sha256: string;
  readonly toVersion: string;
  /** read on demand, checked against the manifest's sha256 */
  sql(): string;
}

/** A domain's generated/ artifacts as the runtime needs them. */
export interface DomainArtifacts {
  readonly domain: string;
  readonly manifest: Manifest;
  schema(flowKey: string): ManifestSchema;
  migrations(entry: ManifestSchema): readonly MigrationFile[];
  /**
   * The JSON Schema of a flow's data document (flows/<schema>/data.schema.json),
   * read and checked once (`dataSchemaProblem`: only what flowschema writes);
   * InvalidDataSchemaError when it is missing, a link out of the domain folder,
   * or not what flowschema writes.
   */
  dataSchema(entry: ManifestSchema): DataSchema;
}

/** Which artifacts each manifest entry was read from: `runtime.flow(key)` gives an entry, this finds its files. */
const owners = new WeakMap<ManifestSchema, DomainArtifacts>();

/** The artifacts a manifest entry (from `readDomainArtifacts`, e.g. `runtime.flow(key)`) belongs to. */
export function artifactsOf(entry: ManifestSchema): DomainArtifacts | undefined {
  return owners.get(entry);
}

/**
 * Reads generated/<domain>/manifest.json; migration files are read when first
 * needed. The manifest is checked first (`manifestProblem`): a domain, schema
 * or file that is not exactly where flowschema writes it is refused here, so
 * no path taken from a manifest can reach outside generated/<domain>/.
 */
export function readDomainArtifacts(generatedDir: string, domain: string): DomainArtifacts {
  if (!LAYOUT_NAMES.domain.test(domain))
    throw new ManifestPathError(`${generatedDir}/${domain}/manifest.json`, `'${domain}' is not a domain name (${LAYOUT_NAMES.domain.source}): refusing to read it`);
  const root = join(generatedDir, domain);
  const manifestPath = join(root, 'manifest.json');
  let text: string;
  let parsed: unknown;
  try {
    text = readFileSync(manifestPath, 'utf8');
  } catch (error) {
    throw new InvalidManifestError(manifestPath, `cannot be read (${(error as Error).message}): run flowschema compile`, { cause: error });
  }
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidManifestError(manifestPath, `is not valid JSON (${(error as Error).message}): restore it from version control`, { cause: error });
  }
  const problem = manifestProblem(parsed, domain, root);
  if (problem?.kind === 'path') throw new ManifestPathError(manifestPath, problem.message);
  if (problem) throw new InvalidManifestError(manifestPath, `${problem.message} (not what flowschema writes): restore it from version control`);
  const manifest = parsed as Manifest;
  let realRoot: string | undefined;
  /** A file of the layout under generated/<domain>/, links resolved; undefined when missing; refused when it leads outside. */
  const realFile = (display: string, what: string): string | undefined => {
    let real: string;
    try {
      real = realpathSync(display);
    } catch {
      return undefined;
    }
    // The path is the layout's; a link on it (a committed symlink) must not lead elsewhere either.
    realRoot ??= realpathSync(root);
    if (!real.startsWith(`${realRoot}${sep}`)) throw new ManifestPathError(manifestPath, `${what}: its file ${display} is a link to ${real}, which is not inside ${root}/: refusing to read it`);
    return real;
  };
  const dataSchemas = new Map<string, DataSchema>();
  const artifacts: DomainArtifacts = {
    domain,
    manifest,
    schema(flowKey) {
      const entry = manifest.schemas.find((s) => s.flow === flowKey);
      if (!entry) throw new UnknownFlowError(flowKey, domain);
      return entry;
    },
    migrations(entry) {
      return entry.migrations.map((m) => {
        let text: string | undefined;
        const display = join(root, m.file);
        return {
          id: m.id,
          file: display,
          sha256: m.sha256,
          toVersion: m.toVersion,
          sql() {
            if (text === undefined) {
              const real = realFile(display, `migration ${m.id} of schema ${entry.schema}`);
              if (real === undefined) throw new MissingMigrationError(entry.schema, display);
              try {
                text = readFileSync(real, 'utf8');
              } catch {
                throw new MissingMigrationError(entry.schema, display);
              }
            }
            return text;
          },
        };
      });
    },
    dataSchema(entry) {
      const known = dataSchemas.get(entry.schema);
      if (known) return known;
      // entry.schema passed manifestProblem: a schema name of the layout, no path of its own.
      const display = join(generatedDir, layout.dataSchema(domain, entry.schema));
      const real = realFile(display, `the data schema of schema ${entry.schema}`);
      if (real === undefined) throw new InvalidDataSchemaError(display, 'is missing: run flowschema compile');
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(real, 'utf8'));
      } catch (error) {
        throw new InvalidDataSchemaError(display, `cannot be read as JSON (${(error as Error).message}): run flowschema compile`, { cause: error });
      }
      const problem = dataSchemaProblem(parsed);
      if (problem) throw new InvalidDataSchemaError(display, `${problem}: not what flowschema writes; run flowschema compile`);
      dataSchemas.set(entry.schema, parsed as DataSchema);
      return parsed as DataSchema;
    },
  };
  for (const entry of manifest.schemas) owners.set(entry, artifacts);
  return artifacts;
}

