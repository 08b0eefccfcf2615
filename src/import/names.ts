import { posix } from 'node:path';
import { REFERENCE_FLOW } from '../model/references.ts';
import type { ComponentKind } from './context.ts';

/** The DSL helper that defines each kind, and the file suffix and folder import gives it. */
export const KIND_FILES: Readonly<Record<ComponentKind, { readonly helper: string; readonly suffix: string; readonly folder: string }>> = {
  workflows: { helper: 'defineFlow', suffix: 'flow', folder: '' },
  tasks: { helper: 'defineTask', suffix: 'task', folder: 'tasks' },
  views: { helper: 'defineView', suffix: 'view', folder: 'views' },
  schemas: { helper: 'defineSchema', suffix: 'schema', folder: 'schemas' },
  functions: { helper: 'defineFunction', suffix: 'function', folder: 'functions' },
  extensions: { helper: 'defineExtension', suffix: 'extension', folder: 'extensions' },
  mappings: { helper: 'defineMapping', suffix: 'mapping', folder: 'mappings' },
};

/** The kind of each of the platform's system flows (a document's `flow`). */
export const KIND_OF_FLOW: Readonly<Record<string, ComponentKind>> = Object.fromEntries(Object.entries(REFERENCE_FLOW).map(([kind, flow]) => [flow, kind as ComponentKind]));

/**
 * Where a component's definition goes, relative to the output folder: a
 * flow in its own folder (its scripts beside it, in the folders their
 * locations name, as the platform keeps them), a component in its kind's folder.
 * `key` and `domain` are checked `^[a-z0-9-]+$` before they get here.
 */
export function definitionFile(kind: ComponentKind, domain: string, key: string): string {
  const { suffix, folder } = KIND_FILES[kind];
  return kind === 'workflows' ? posix.join(domain, key, `${key}.${suffix}.ts`) : posix.join(domain, folder, `${key}.${suffix}.ts`);
}

/** A readable identifier for an imported definition: `score-customer` (task) → `scoreCustomerTask`. */
export function tsIdentifierName(key: string, kind: ComponentKind): string {
  const camel = key.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
  const noun = KIND_FILES[kind].suffix;
  const name = `${camel}${noun[0]!.toUpperCase()}${noun.slice(1)}`;
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/**
 * A script location import may write to as is: `./`, folders of letters,
 * digits, `_` and `-` (no dot: a folder can never be named like a file of
 * the import, `x.flow.ts` or `a.csx`), then a name ending .csx; never `..`.
 */
export const SAFE_LOCATION = /^\.\/(?:[A-Za-z0-9_-]+\/)*[A-Za-z0-9_][A-Za-z0-9_.-]*\.csx$/;

/** A file name made from JSON keys: only letters, digits, `_` and `-` (anything else a `-`), never empty. */
export function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'script';
}

/** The DSL's own names, which an imported definition's name may not take (it would shadow the helper). */
export const DSL_NAMES = ['defineFlow', 'defineDomain', 'defineTask', 'defineView', 'defineFunction', 'defineExtension', 'defineSchema', 'defineMapping', 'script', 'sql'];
