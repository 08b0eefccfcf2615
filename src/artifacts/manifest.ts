export const MANIFEST_FORMAT = 1;

export interface ManifestMigration {
  readonly id: string;
  /** relative to the domain folder */
  readonly file: string;
  readonly fromVersion: string | null;
  readonly toVersion: string;
  readonly sha256: string;
}

export interface ManifestSchema {
  readonly schema: string;
  readonly kind: 'flow';
  readonly flow: string;
  readonly version: string;
  /** where a new instance starts (the runtime's `start` needs it without the definitions) */
  readonly initialState: string;
  readonly source: string;
  readonly snapshot: { readonly file: string; readonly sha256: string };
  readonly migrations: readonly ManifestMigration[];
}

/** generated/<domain>/manifest.json: every schema of the domain and its migrations with checksums. */
export interface Manifest {
  readonly format: number;
  readonly generatedBy: 'flowschema';
  readonly domain: string;
  readonly database: string;
  readonly schemas: readonly ManifestSchema[];
}
