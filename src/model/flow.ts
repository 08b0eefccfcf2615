import type { LoadedDefinition } from '../loader/index.ts';
import { readDataFields } from './data-fields.ts';
import { schemaNameOf } from './names.ts';
import type { Reader } from './read.ts';
import { resolveTables } from './resolve-tables.ts';
import { readSeeds } from './seeds.ts';
import { isSemver } from './semver.ts';
import { authorSqlProblem } from './author-sql.ts';
import { standardTables } from './standard-tables.ts';
import { readTables } from './tables.ts';
import type { SourcePos } from './diagnostic.ts';
import type { FlowModel, MigrationOptionsModel, State } from './types.ts';
import { checkSchemaName, checkSchemaNames, checkStandardNames } from './validate-names.ts';
import { checkStates, LANGUAGE } from './validate-states.ts';

const FLOW_PROPS = ['key', 'domain', 'version', 'labels', 'description', 'states', 'data', 'tables', 'seeds', 'migrations'];
export const KEY_PATTERN = /^[a-z0-9-]+$/;

/** One defineFlow(...) into a flow model, with every rule that concerns a single flow. */
export function readFlow(r: Reader, def: LoadedDefinition): FlowModel | undefined {
  const obj = r.object(def.value, 'defineFlow argument');
  if (!obj) return undefined;
  r.only(obj, FLOW_PROPS, 'a flow');
  const keyValue = r.required(obj, 'key', 'a flow');
  const key = r.string(keyValue, 'the flow key');
  const domainValue = r.required(obj, 'domain', 'a flow');
  const domain = r.string(domainValue, 'the flow domain');
  const versionValue = r.required(obj, 'version', 'a flow');
  const version = r.string(versionValue, 'the flow version');
  if (key !== undefined && !KEY_PATTERN.test(key))
    r.error('FS1101', keyValue!.pos, `flow key '${key}' must match ^[a-z0-9-]+$`, "use lowercase letters, digits and dashes, as in 'customer-onboarding'");
  if (domain !== undefined && !KEY_PATTERN.test(domain))
    r.error('FS1102', domainValue!.pos, `domain name '${domain}' must match ^[a-z0-9-]+$`, "use lowercase letters, digits and dashes");
  if (version !== undefined && !isSemver(version))
    r.error('FS1103', versionValue!.pos, `flow version '${version}' is not a semantic version`, "write MAJOR.MINOR.PATCH, as in '1.0.0'");
  const labelsProp = r.prop(obj, 'labels');
  const labels = r.stringMap(labelsProp?.value, 'labels');
  for (const language of Object.keys(labels))
    if (!LANGUAGE.test(language)) r.error('FS1307', labelsProp!.keyPos, `label language '${language}' must be a language code such as en or en-US`, 'use ISO 639-1 with an optional region: en, tr, en-US');
  const description = r.string(r.prop(obj, 'description')?.value, 'the flow description');
  const states = readStates(r, r.required(obj, 'states', 'a flow'));
  if (key !== undefined) checkStates(r, states, def.pos, key);
  const dataFields = readDataFields(r, r.prop(obj, 'data')?.value);
  const drafts = checkStandardNames(r, readTables(r, r.prop(obj, 'tables')?.value));
  const standard = standardTables(dataFields);
  const tables = [...standard, ...resolveTables(r, drafts, standard)];
  const seeds = readSeeds(r, r.prop(obj, 'seeds')?.value, drafts);
  const migrations = readMigrations(r, r.prop(obj, 'migrations')?.value);
  if (key === undefined || domain === undefined || version === undefined) return undefined;
  const schema = schemaNameOf(key);
  checkSchemaName(r, schema, keyValue!.pos);
  const model: FlowModel = {
    key,
    domain,
    version,
    ...(description !== undefined && { description }),
    labels,
    states,
    dataFields,
    schema: { schema, enums: drafts.flatMap((d) => d.enums), tables, seeds },
    migrations,
    tableKeys: drafts.map((d) => ({ key: d.key, name: d.name, columns: d.columns.map((c) => ({ key: c.key, name: c.column.name })) })),
    file: def.file,
    pos: def.pos,
  };
  checkSchemaNames(r, model.schema);
  return model;
}

function readStates(r: Reader, value: Parameters<Reader['object']>[0]): State[] {
  const obj = r.object(value, 'states');
  if (!obj) return [];
  const states: State[] = [];
  for (const p of obj.props) {
    const what = `state '${p.key}'`;
    const s = r.object(p.value, what);
    if (!s) continue;
    r.only(s, ['type', 'labels', 'transitions'], what);
    const typeValue = r.prop(s, 'type')?.value;
    const type = r.string(typeValue, `the type of ${what}`) ?? 'intermediate';
    if (!['initial', 'intermediate', 'final'].includes(type)) {
      r.error('FS1108', typeValue!.pos, `the type of ${what} must be 'initial', 'intermediate' or 'final', not '${type}'`);
      continue;
    }
    const transitionsObj = r.object(r.prop(s, 'transitions')?.value, `the transitions of ${what}`);
    const transitions = (transitionsObj?.props ?? []).flatMap((t) => {
      const target = r.string(t.value, `the target of transition '${t.key}' of ${what}`);
      return target === undefined ? [] : [{ name: t.key, target, pos: t.value.pos }];
    });
    states.push({ key: p.key, type: type as State['type'], labels: r.stringMap(r.prop(s, 'labels')?.value, `the labels of ${what}`), transitions, pos: p.keyPos });
  }
  return states;
}

function readMigrations(r: Reader, value: Parameters<Reader['object']>[0]): MigrationOptionsModel[] {
  const obj = r.object(value, 'migrations');
  if (!obj) return [];
  const out: MigrationOptionsModel[] = [];
  for (const p of obj.props) {
    const what = `migrations['${p.key}']`;
    if (!isSemver(p.key)) r.error('FS1103', p.keyPos, `${what} is not keyed by a semantic version`, "key it by the flow version it applies to, as in '1.2.0'");
    const m = r.object(p.value, what);
    if (!m) continue;
    r.only(m, ['allowDestructive', 'before', 'after'], what);
    // Each entry keeps its position: one that names nothing the version destroys is reported there (FS2102).
    const allowDestructive: string[] = [];
    const allowDestructivePos: SourcePos[] = [];
    for (const item of r.array(r.prop(m, 'allowDestructive')?.value, `allowDestructive of ${what}`) ?? []) {
      const entry = r.string(item, `each item of allowDestructive of ${what}`);
      if (entry === undefined) continue;
      allowDestructive.push(entry);
      allowDestructivePos.push(item.pos);
    }
    const before = readAuthorSql(r, r.prop(m, 'before')?.value, `the before SQL of ${what}`);
    const after = readAuthorSql(r, r.prop(m, 'after')?.value, `the after SQL of ${what}`);
    out.push({ version: p.key, allowDestructive, allowDestructivePos, ...(before !== undefined && { before }), ...(after !== undefined && { after }), pos: p.keyPos });
  }
  return out;
}

/**
 * before/after SQL is the author's, trusted by design (it runs with the init
 * role's powers only); authorSqlProblem says what it may not be.
 */
function readAuthorSql(r: Reader, value: Parameters<Reader['string']>[0], what: string): string | undefined {
  const sql = r.string(value, what);
  if (sql === undefined || value === undefined) return sql;
  const problem = authorSqlProblem(sql);
  if (!problem) return sql;
  r.error('FS1415', value.pos, `${what} ${problem.message}`, problem.hint);
  return undefined;
}
