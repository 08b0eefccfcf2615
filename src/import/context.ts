import { posix } from 'node:path';
import type { ReferenceKind } from '../model/types.ts';
import { DSL_NAMES, tsIdentifierName } from './names.ts';

/** A problem found while importing: the input file, the JSON path, what is wrong or left out. */
export interface ImportDiagnostic {
  readonly file: string;
  /** a JSON path into the file, `$.attributes.states[2].interaction`; `$` for the whole file */
  readonly path: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/** A component's kind: the model's reference kinds (the package folder and system flow of each are the model's). */
export type ComponentKind = ReferenceKind;

/** A component being imported: what other files may reference, and where its definition goes. */
export interface ImportedComponent {
  readonly kind: ComponentKind;
  readonly key: string;
  readonly domain: string;
  readonly version: string;
  /** the definition file, relative to the output folder */
  readonly file: string;
  readonly source: string;
}

/**
 * What importing one file collects besides its value: diagnostics, the
 * imports of other definitions its references need (a name per file), and
 * the script files it writes.
 */
export class FileContext {
  readonly imports = new Map<string, string>();
  readonly scripts = new Map<string, Buffer>();

  constructor(
    readonly source: string,
    /** the definition file this context writes, relative to the output folder */
    readonly file: string,
    readonly domain: string,
    readonly diagnostics: ImportDiagnostic[],
    readonly components: readonly ImportedComponent[],
  ) {}

  warn(path: string, message: string): void {
    this.diagnostics.push({ file: this.source, path, severity: 'warning', message });
  }

  error(path: string, message: string): void {
    this.diagnostics.push({ file: this.source, path, severity: 'error', message });
  }

  /** Reports the keys of `obj` this importer did not read: nothing is dropped silently. */
  leftovers(obj: Record<string, unknown>, read: readonly string[], path: string): void {
    for (const [k, v] of Object.entries(obj)) {
      if (read.includes(k) || v === null) continue;
      if (k === '_comment') this.warn(`${path}.${k}`, 'a comment: not kept (the platform never reads it)');
      else this.warn(`${path}.${k}`, 'not expressed by the DSL: left out');
    }
  }

  /** The name an imported definition is known by in this file (its default export, imported once). */
  importName(target: ImportedComponent): string {
    const relative = posix.relative(posix.dirname(this.file), target.file);
    const specifier = relative.startsWith('.') ? relative : `./${relative}`;
    const existing = this.imports.get(specifier);
    if (existing) return existing;
    const taken = new Set([...this.imports.values(), ...DSL_NAMES]);
    const base = tsIdentifierName(target.key, target.kind);
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
    this.imports.set(specifier, name);
    return name;
  }
}
