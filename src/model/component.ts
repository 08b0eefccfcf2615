import type { LoadedDefinition } from '../loader/index.ts';
import { KEY_PATTERN } from './flow.ts';
import type { Reader } from './read.ts';
import { platformVersionProblem } from './semver.ts';
import type { ComponentModel } from './types.ts';
import { checkJson, toJson } from './value.ts';

export const COMPONENT_KINDS: Readonly<Record<string, ComponentModel['kind']>> = {
  defineTask: 'tasks',
  defineView: 'views',
  defineFunction: 'functions',
  defineExtension: 'extensions',
  defineSchema: 'schemas',
  defineMapping: 'mappings',
};

/** defineTask/View/Function/Extension/Schema/Mapping: the header checked, the attributes kept as written. */
export function readComponent(r: Reader, def: LoadedDefinition): ComponentModel | undefined {
  const kind = COMPONENT_KINDS[def.helper]!;
  const what = `a ${kind.slice(0, -1)}`;
  const obj = r.object(def.value, `${def.helper} argument`);
  if (!obj) return undefined;
  r.only(obj, ['key', 'domain', 'version', 'flowVersion', 'tags', 'attributes'], what);
  const flowVersionValue = r.prop(obj, 'flowVersion')?.value;
  const flowVersion = r.string(flowVersionValue, `the flowVersion of ${what}`);
  const flowVersionProblem = flowVersion === undefined ? undefined : platformVersionProblem(flowVersion, 'flowVersion');
  if (flowVersionProblem) r.error('FS1103', flowVersionValue!.pos, flowVersionProblem.message, flowVersionProblem.hint);
  const keyValue = r.required(obj, 'key', what);
  const key = r.string(keyValue, `the key of ${what}`);
  const domainValue = r.required(obj, 'domain', what);
  const domain = r.string(domainValue, `the domain of ${what}`);
  const versionValue = r.required(obj, 'version', what);
  const version = r.string(versionValue, `the version of ${what}`);
  // The platform requires at least one tag: the domain, as for a flow, unless written.
  const tagsValue = r.prop(obj, 'tags')?.value;
  const written = r.strings(tagsValue, `the tags of ${what}`);
  if (written?.length === 0) r.error('FS1308', tagsValue!.pos, `the tags of ${what} must not be empty`, "leave tags out (the domain is the tag), or name at least one");
  const attributes = r.object(r.required(obj, 'attributes', what), `the attributes of ${what}`);
  if (key !== undefined && !KEY_PATTERN.test(key)) r.error('FS1101', keyValue!.pos, `${kind.slice(0, -1)} key '${key}' must match ^[a-z0-9-]+$`, 'use lowercase letters, digits and dashes');
  if (domain !== undefined && !KEY_PATTERN.test(domain)) r.error('FS1102', domainValue!.pos, `domain name '${domain}' must match ^[a-z0-9-]+$`, 'use lowercase letters, digits and dashes');
  const versionProblem = version === undefined ? undefined : platformVersionProblem(version, `${kind.slice(0, -1)} version`);
  if (versionProblem) r.error('FS1103', versionValue!.pos, versionProblem.message, versionProblem.hint);
  // Attributes are JSON as written: a sql(), script() or define*() inside would have no JSON form (it is refused, never turned into null).
  if (attributes && !checkJson(r, attributes, 'FS1108', `an attribute of ${what}`)) return undefined;
  if (key === undefined || domain === undefined || version === undefined || !attributes) return undefined;
  return { kind, key, domain, version, ...(flowVersion !== undefined && !flowVersionProblem && flowVersion !== '1.0.0' && { flowVersion }), tags: written?.length ? written : [domain], attributes: toJson(attributes), file: def.file, pos: def.pos };
}
