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
import { readErrorBoundary } from './error-boundary.ts';
import { readLabels, readRoles, readVersionStrategy, readWorkflowOptions, SUB_TYPES } from './workflow-options.ts';

const FLOW_PROPS = ['key', 'domain', 'version', 'labels', 'description', 'type', 'tags', 'start', 'queryRoles', 'versionStrategy', 'cancel', 'exit', 'updateData', 'errorBoundary', 'states', 'data', 'tables', 'seeds', 'migrations'];
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
  checkErrorTransitions(r, workflow, states);
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
    r.only(s, ['type', 'subType', 'labels', 'queryRoles', 'errorBoundary', 'transitions'], what);
    const errorBoundary = readErrorBoundary(r, r.prop(s, 'errorBoundary')?.value, `the errorBoundary of ${what}`);
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
      ...(errorBoundary && { errorBoundary }),
      transitions,
      pos: p.keyPos,
    });
  }
  return states;
}

/** An error rule's transition names a transition of the flow: a state's, the start, cancel, exit or update-data (FS1311). */
function checkErrorTransitions(r: Reader, workflow: FlowModel['workflow'], states: readonly State[]): void {
  const keys = new Set([...states.flatMap((s) => s.transitions.map((t) => t.name)), workflow?.start?.key ?? 'start', ...[workflow?.cancel, workflow?.exit, workflow?.updateData].flatMap((t) => (t ? [t.key] : []))]);
  for (const boundary of [workflow?.errorBoundary, ...states.map((s) => s.errorBoundary)])
    for (const rule of boundary?.onError ?? [])
      if (rule.transition !== undefined && !keys.has(rule.transition))
        r.error('FS1311', rule.transitionPos!, `error rule transition '${rule.transition}' is not a transition of this flow`, `transitions: ${[...keys].sort().join(', ')}`);
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
