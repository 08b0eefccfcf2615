import type { LoadedValue } from '../loader/index.ts';
import type { SourcePos } from './diagnostic.ts';
import { COMPONENT_KINDS } from './component.ts';
import type { Reader } from './read.ts';
import type { JsonValue, ReferenceKind, ReferenceModel } from './types.ts';

/**
 * References from a workflow to other components (tasks, views, schemas,
 * functions, extensions, mappings, flows), read in three forms:
 *
 * - an imported definition (`import check from '../tasks/check.ts'`,
 *   `task: check`): the reference is that definition's key, domain and version;
 * - `{ key, domain?, version, external? }` (domain: the flow's own);
 * - the platform's short form `{ ref: 'Tasks/check.json' }`, kept as written
 *   (the platform's build resolves it) and resolved against the project here.
 *
 * Each is emitted in the platform's form (`{ key, domain, version, flow }`
 * or `{ ref }`) and listed with its position, so assembly can check that it
 * names a component of the project or is declared external (FS1312).
 */

/** The platform's system flow of each kind: a reference's `flow`. */
export const REFERENCE_FLOW: Readonly<Record<ReferenceKind, string>> = {
  tasks: 'sys-tasks',
  views: 'sys-views',
  schemas: 'sys-schemas',
  functions: 'sys-functions',
  extensions: 'sys-extensions',
  mappings: 'sys-mappings',
  workflows: 'sys-flows',
};

/** The package folder of each kind (vnext.config.json's paths), as `ref` names it. */
export const REFERENCE_FOLDER: Readonly<Record<ReferenceKind, string>> = {
  tasks: 'Tasks',
  views: 'Views',
  schemas: 'Schemas',
  functions: 'Functions',
  extensions: 'Extensions',
  mappings: 'Mappings',
  workflows: 'Workflows',
};

/** The kind a define*() helper makes: a component's (component.ts), or a flow. Read at call time: the modules import each other. */
const helperKind = (helper: string): ReferenceKind | undefined => (helper === 'defineFlow' ? 'workflows' : COMPONENT_KINDS[helper]);

/** The platform's short form: a package folder, optional subfolders, then `<key>.json`. */
export const REF_PATTERN = /^([A-Za-z]+)\/(?:[A-Za-z0-9._-]+\/)*([a-z0-9-]+)\.json$/;

/** Collects a flow's references while it is read. */
export class References {
  readonly list: ReferenceModel[] = [];

  constructor(private readonly r: Reader, private readonly domain: string | undefined) {}

  /** A reference of `kind` in the platform's form, or undefined when it is wrong (reported). */
  /**
   * A reference of `kind` in the platform's form, or undefined when it is
   * wrong (reported). `at`: where it is used, for an imported definition
   * (whose own position is in its file).
   */
  read(value: LoadedValue | undefined, kind: ReferenceKind, what: string, at?: SourcePos): JsonValue | undefined {
    const r = this.r;
    if (value === undefined || value.kind === 'invalid') return undefined;
    const noun = kind === 'workflows' ? 'flow' : kind.slice(0, -1);
    if (value.kind === 'define') {
      const wanted = kind === 'workflows' ? 'defineFlow' : Object.entries(COMPONENT_KINDS).find(([, k]) => k === kind)![0];
      if (helperKind(value.helper) !== kind) {
        r.error('FS1312', at ?? value.pos, `${what} must name ${article(noun)}, not a ${value.helper}() definition`, `import a ${wanted}(...) definition, or write { key, version }`);
        return undefined;
      }
      const header = value.arg.kind === 'object' ? value.arg : undefined;
      const field = (name: string) => {
        const p = header?.props.find((x) => x.key === name)?.value;
        return p?.kind === 'string' ? p.value : undefined;
      };
      const key = field('key');
      const domain = field('domain');
      const version = field('version');
      // The imported file reports its own problems; a reference to it adds none.
      if (key === undefined || domain === undefined || version === undefined) return undefined;
      return this.add({ kind, key, domain, version, project: true, pos: at ?? value.pos });
    }
    const obj = r.object(value, what);
    if (!obj) return undefined;
    const refValue = r.prop(obj, 'ref')?.value;
    if (refValue) {
      r.only(obj, ['ref', 'external'], what);
      const refExternal = r.boolean(r.prop(obj, 'external')?.value, `external of ${what}`);
      const ref = r.string(refValue, `the ref of ${what}`);
      if (ref === undefined) return undefined;
      const m = REF_PATTERN.exec(ref);
      if (!m || m[1] !== REFERENCE_FOLDER[kind]) {
        r.error('FS1312', refValue.pos, `${what} ref '${ref}' must name ${article(noun)} file, as in '${REFERENCE_FOLDER[kind]}/<key>.json'`, `the platform's short form: the package folder of ${kind}, then the component's key`);
        return undefined;
      }
      // The package compile writes is flat (<Folder>/<key>.json): a ref into a subfolder would name no file of it.
      if (!refExternal && ref !== `${REFERENCE_FOLDER[kind]}/${m[2]}.json`) {
        r.error('FS1312', refValue.pos, `${what} ref '${ref}' names a subfolder, and the package compile writes keeps ${kind} in ${REFERENCE_FOLDER[kind]}/`, `write { ref: '${REFERENCE_FOLDER[kind]}/${m[2]}.json' }, or mark it external: true if another package provides it`);
        return undefined;
      }
      return this.add({ kind, key: m[2]!, ref, ...(refExternal && { external: true }), pos: refValue.pos });
    }
    r.only(obj, ['key', 'domain', 'version', 'external'], what);
    const key = r.string(r.required(obj, 'key', what), `the key of ${what}`);
    const domain = r.string(r.prop(obj, 'domain')?.value, `the domain of ${what}`) ?? this.domain;
    const version = r.string(r.required(obj, 'version', what), `the version of ${what}`);
    const external = r.boolean(r.prop(obj, 'external')?.value, `external of ${what}`);
    if (key === undefined || domain === undefined || version === undefined) return undefined;
    return this.add({ kind, key, domain, version, ...(external && { external: true }), pos: obj.pos });
  }

  /** The reference a property holds (undefined when the property is not written). */
  readProp(obj: NonNullable<ReturnType<Reader['object']>>, name: string, kind: ReferenceKind, what: string, required = false): JsonValue | undefined {
    const prop = this.r.prop(obj, name);
    if (!prop) {
      if (required) this.r.required(obj, name, what);
      return undefined;
    }
    return this.read(prop.value, kind, `the ${name} of ${what}`, prop.keyPos);
  }

  /** A list of references (functions, extensions, features). */
  readList(value: LoadedValue | undefined, kind: ReferenceKind, what: string): JsonValue[] | undefined {
    const items = this.r.array(value, what);
    if (!items) return undefined;
    return items.flatMap((item, i) => {
      // An imported definition's position is in its own file: the list's is where it is used.
      const ref = this.read(item, kind, `item ${i + 1} of ${what}`, item.kind === 'define' ? value!.pos : item.pos);
      return ref === undefined ? [] : [ref];
    });
  }

  private add(ref: ReferenceModel & { pos: SourcePos }): JsonValue {
    this.list.push(ref);
    return ref.ref !== undefined ? { ref: ref.ref } : { key: ref.key, domain: ref.domain!, version: ref.version!, flow: REFERENCE_FLOW[ref.kind] };
  }
}

/** 'a task', 'an extension'. */
export function article(noun: string): string {
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}
