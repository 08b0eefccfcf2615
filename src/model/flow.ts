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
import type { FlowModel, MigrationOptionsModel, RoleGrant, SpecialTransition, State, VersionStrategy } from './types.ts';
import { checkSchemaName, checkSchemaNames, checkStandardNames } from './validate-names.ts';
import { checkStates, LANGUAGE } from './validate-states.ts';

const FLOW_PROPS = ['key', 'domain', 'version', 'labels', 'description', 'type', 'tags', 'start', 'queryRoles', 'versionStrategy', 'cancel', 'exit', 'updateData', 'states', 'data', 'tables', 'seeds', 'migrations'];
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
  const workflow = readWorkflowOptions(r, obj);
  const states = readStates(r, r.required(obj, 'states', 'a flow'));
  if (key !== undefined) checkStates(r, states, def.pos, key, [workflow?.cancel?.target, workflow?.exit?.target].filter((t): t is string => t !== undefined));
  for (const special of [workflow?.cancel, workflow?.exit])
    if (special?.target !== undefined && !states.some((s) => s.key === special.target))
      r.error('FS1303', special.pos ?? def.pos, `the ${special === workflow?.cancel ? 'cancel' : 'exit'} transition targets '${special.target}', which is not a state of this flow`, `declared states: ${states.map((s) => s.key).join(', ')}`);
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
    ...(workflow && { workflow }),
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
    r.only(s, ['type', 'subType', 'labels', 'queryRoles', 'transitions'], what);
    const subTypeValue = r.prop(s, 'subType')?.value;
    const subTypeName = r.string(subTypeValue, `the subType of ${what}`);
    const subType = subTypeName === undefined ? undefined : SUB_TYPES.indexOf(subTypeName);
    if (subType === -1) r.error('FS1310', subTypeValue!.pos, `the subType of ${what} must be one of ${SUB_TYPES.join(', ')}, not '${subTypeName}'`, "the platform's state subtypes: a final state's outcome (success, error, cancelled…) or a waiting state's reason");
    const queryRoles = readRoles(r, r.prop(s, 'queryRoles')?.value, `the queryRoles of ${what}`);
    const typeValue = r.prop(s, 'type')?.value;
    const type = r.string(typeValue, `the type of ${what}`) ?? 'intermediate';
    if (!['initial', 'intermediate', 'final'].includes(type)) {
      r.error('FS1108', typeValue!.pos, `the type of ${what} must be 'initial', 'intermediate' or 'final', not '${type}'`);
      continue;
    }
    const transitionsObj = r.object(r.prop(s, 'transitions')?.value, `the transitions of ${what}`);
    const transitions = (transitionsObj?.props ?? []).flatMap((t) => {
      const which = `transition '${t.key}' of ${what}`;
      // A target, or { target, labels }.
      const full = t.value.kind === 'object' ? r.object(t.value, which) : undefined;
      if (full) r.only(full, ['target', 'labels', 'roles', 'auto', 'versionStrategy'], which);
      const roles = full && readRoles(r, r.prop(full, 'roles')?.value, `the roles of ${which}`);
      const auto = full && r.boolean(r.prop(full, 'auto')?.value, `auto of ${which}`);
      const versionStrategy = full && readVersionStrategy(r, r.prop(full, 'versionStrategy')?.value, `the versionStrategy of ${which}`);
      const targetValue = full ? r.required(full, 'target', which) : t.value;
      const target = r.string(targetValue, `the target of ${which}`);
      const labelsProp = full && r.prop(full, 'labels');
      const labels = labelsProp ? readLabels(r, labelsProp, `the labels of ${which}`) : undefined;
      return target === undefined
        ? []
        : [{ name: t.key, target, ...(labels && Object.keys(labels).length && { labels }), ...(roles && { roles }), ...(auto && { auto: true }), ...(versionStrategy && { versionStrategy }), pos: targetValue!.pos }];
    });
    const autos = transitions.filter((t) => t.auto);
    for (const extra of autos.slice(1))
      r.error('FS1310', extra.pos, `state '${p.key}' has more than one default automatic transition: '${autos[0]!.name}' and '${extra.name}'`, 'keep auto: true on one transition of the state');
    states.push({
      key: p.key,
      type: type as State['type'],
      ...(subType !== undefined && subType > 0 && { subType }),
      labels: r.stringMap(r.prop(s, 'labels')?.value, `the labels of ${what}`),
      ...(queryRoles && { queryRoles }),
      transitions,
      pos: p.keyPos,
    });
  }
  return states;
}

/** Labels by language, each language checked (FS1307). */
function readLabels(r: Reader, prop: NonNullable<ReturnType<Reader['prop']>>, what: string): { [lang: string]: string } {
  const labels = r.stringMap(prop.value, what);
  for (const language of Object.keys(labels))
    if (!LANGUAGE.test(language)) r.error('FS1307', prop.keyPos, `label language '${language}' in ${what} must be a language code such as en or en-US`, 'use ISO 639-1 with an optional region: en, tr, en-US');
  return labels;
}

const WORKFLOW_TYPES = ['C', 'F', 'S', 'P'];
/** The platform's state subTypes, by their number. */
const SUB_TYPES = ['none', 'success', 'error', 'terminated', 'suspended', 'busy', 'human', 'cancelled', 'timeout'];
const VERSION_STRATEGIES = ['None', 'Patch', 'Minor', 'Major'];

/** cancel, exit (with a target state, checked with the states) or updateData (always the current state). */
function readSpecial(r: Reader, obj: NonNullable<ReturnType<Reader['object']>>, prop: string, defaultKey: string, hasTarget: boolean): SpecialTransition | undefined {
  const what = `the ${prop} transition`;
  const value = r.prop(obj, prop)?.value;
  const special = r.object(value, what);
  if (!special) return undefined;
  r.only(special, hasTarget ? ['key', 'target', 'labels', 'roles'] : ['key', 'labels', 'roles'], what);
  const keyValue = r.prop(special, 'key')?.value;
  const key = r.string(keyValue, `the key of ${what}`) ?? defaultKey;
  if (!KEY_PATTERN.test(key)) r.error('FS1306', keyValue!.pos, `${prop} transition key '${key}' must match ^[a-z0-9-]+$ (the vNext workflow format requires it)`, `use lowercase letters, digits and dashes, as in '${defaultKey}'`);
  const targetValue = hasTarget ? r.required(special, 'target', what) : undefined;
  const target = targetValue && r.string(targetValue, `the target of ${what}`);
  const labelsProp = r.prop(special, 'labels');
  const labels = labelsProp ? readLabels(r, labelsProp, `the labels of ${what}`) : undefined;
  const roles = readRoles(r, r.prop(special, 'roles')?.value, `the roles of ${what}`);
  return { key, ...(target !== undefined && { target }), ...(labels && Object.keys(labels).length && { labels }), ...(roles && { roles }), pos: (targetValue ?? value)!.pos };
}

function readVersionStrategy(r: Reader, value: Parameters<Reader['object']>[0], what: string): VersionStrategy | undefined {
  const strategy = r.string(value, what);
  if (strategy === undefined) return undefined;
  if (VERSION_STRATEGIES.includes(strategy)) return strategy as VersionStrategy;
  r.error('FS1310', value!.pos, `${what} must be one of None, Patch, Minor, Major, not '${strategy}'`, "the platform's versionStrategy (default Minor)");
  return undefined;
}

/** `[{ role, grant: 'allow' | 'deny' }]` as the platform writes role grants (FS1309); undefined when not written. */
function readRoles(r: Reader, value: Parameters<Reader['object']>[0], what: string): RoleGrant[] | undefined {
  if (value === undefined) return undefined;
  if (value.kind !== 'array') {
    r.error('FS1309', value.pos, `${what} must be a list of { role, grant }`, "write [{ role: 'loan-officer', grant: 'allow' }]");
    return undefined;
  }
  const out: RoleGrant[] = [];
  for (const item of value.items) {
    const grantObj = r.object(item, `a grant in ${what}`);
    if (!grantObj) continue;
    r.only(grantObj, ['role', 'grant'], `a grant in ${what}`);
    const roleValue = r.required(grantObj, 'role', `a grant in ${what}`);
    const role = r.string(roleValue, `the role of a grant in ${what}`);
    const grantValue = r.required(grantObj, 'grant', `a grant in ${what}`);
    const grant = r.string(grantValue, `the grant of a grant in ${what}`);
    if (role !== undefined && role.trim() === '') r.error('FS1309', roleValue!.pos, `a role in ${what} is empty`, 'name the role, as the platform knows it');
    if (grant !== undefined && grant !== 'allow' && grant !== 'deny') r.error('FS1309', grantValue!.pos, `the grant of role '${role ?? '?'}' in ${what} must be 'allow' or 'deny', not '${grant}'`, 'a deny always wins; without a match the platform denies');
    if (role !== undefined && role.trim() !== '' && (grant === 'allow' || grant === 'deny')) out.push({ role, grant });
  }
  return out;
}

/** type, tags and start: the workflow component's header (FS1308 type, FS1306 start key); undefined when none is written. */
function readWorkflowOptions(r: Reader, obj: NonNullable<ReturnType<Reader['object']>>): FlowModel['workflow'] {
  const typeValue = r.prop(obj, 'type')?.value;
  const type = r.string(typeValue, 'the workflow type');
  if (type !== undefined && !WORKFLOW_TYPES.includes(type))
    r.error('FS1308', typeValue!.pos, `the workflow type must be 'C', 'F', 'S' or 'P', not '${type}'`, 'C core, F flow (the default), S subflow, P sub-process');
  const tagsValue = r.prop(obj, 'tags')?.value;
  const tags = r.strings(tagsValue, 'the workflow tags');
  if (tags !== undefined && tags.length === 0) r.error('FS1308', tagsValue!.pos, 'the workflow tags must not be empty', 'leave tags out (the domain is the tag), or name at least one');
  const startObj = r.object(r.prop(obj, 'start')?.value, 'the start transition');
  let start: { key?: string; labels?: { [lang: string]: string } } | undefined;
  if (startObj) {
    r.only(startObj, ['key', 'labels', 'roles'], 'the start transition');
    const keyValue = r.prop(startObj, 'key')?.value;
    const key = r.string(keyValue, 'the start transition key');
    if (key !== undefined && !KEY_PATTERN.test(key)) r.error('FS1306', keyValue!.pos, `start transition key '${key}' must match ^[a-z0-9-]+$ (the vNext workflow format requires it)`, "use lowercase letters, digits and dashes, as in 'start'");
    const labelsProp = r.prop(startObj, 'labels');
    const labels = labelsProp ? readLabels(r, labelsProp, 'the labels of the start transition') : undefined;
    const roles = readRoles(r, r.prop(startObj, 'roles')?.value, 'the roles of the start transition');
    start = { ...(key !== undefined && { key }), ...(labels && Object.keys(labels).length && { labels }), ...(roles && { roles }) };
  }
  const queryRoles = readRoles(r, r.prop(obj, 'queryRoles')?.value, 'the queryRoles of the flow');
  const versionStrategy = readVersionStrategy(r, r.prop(obj, 'versionStrategy')?.value, 'the versionStrategy of the flow');
  const cancel = readSpecial(r, obj, 'cancel', 'cancel', true);
  const exit = readSpecial(r, obj, 'exit', 'exit', true);
  const updateData = readSpecial(r, obj, 'updateData', 'update-data', false);
  if ([type, tags, start, queryRoles, versionStrategy, cancel, exit, updateData].every((v) => v === undefined)) return undefined;
  return {
    ...(type !== undefined && WORKFLOW_TYPES.includes(type) && { type: type as 'C' | 'F' | 'S' | 'P' }),
    ...(tags !== undefined && tags.length > 0 && { tags }),
    ...(start && { start }),
    ...(queryRoles && { queryRoles }),
    ...(versionStrategy && { versionStrategy }),
    ...(cancel && { cancel }),
    ...(exit && { exit }),
    ...(updateData && { updateData }),
  };
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
