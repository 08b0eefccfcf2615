import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256, type Manifest, type ManifestSchema } from '../artifacts/index.ts';
import { MissingMigrationError, UnknownFlowError } from './errors.ts';

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
}

/** Reads generated/<domain>/manifest.json; migration files are read when first needed. */
export function readDomainArtifacts(generatedDir: string, domain: string): DomainArtifacts {
  const root = join(generatedDir, domain);
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as Manifest;
  return {
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
              try {
                text = readFileSync(display, 'utf8');
              } catch {
                throw new MissingMigrationError(entry.schema, display);
              }
            }
            return text;
          },
        };
      });
    },
  };
}

