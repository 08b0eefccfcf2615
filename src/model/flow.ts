import type { LoadedDefinition } from '../loader/index.ts';
import { readDataFields } from './data-fields.ts';
import { schemaNameOf } from './names.ts';
import type { Reader } from './read.ts';
import { resolveTables } from './resolve-tables.ts';
import { readSeeds } from './seeds.ts';
import { isSemver, platformVersionProblem } from './semver.ts';
import { authorSqlProblem } from './author-sql.ts';
import { standardTables } from './standard-tables.ts';
import { readTables } from './tables.ts';
import type { SourcePos } from './diagnostic.ts';
import type { ErrorBoundaryModel, FlowModel, MigrationOptionsModel, State } from './types.ts';
import { checkSchemaName, checkSchemaNames, checkStandardNames } from './validate-names.ts';
import { checkStates, LANGUAGE } from './validate-states.ts';
import { References } from './references.ts';
import { readSharedTransitions, readStates } from './states.ts';
import { readWorkflowOptions, type WorkflowContext } from './workflow-options.ts';

const FLOW_PROPS = ['key', 'domain', 'version', 'labels', 'description', 'type', 'tags', 'flowVersion', 'start', 'queryRoles', 'versionStrategy', 'cancel', 'exit', 'updateData', 'errorBoundary', 'timeout', 'sharedTransitions', 'functions', 'extensions', 'features', 'scripts', 'event', 'schema', 'output', 'config', 'states', 'data', 'tables', 'seeds', 'migrations'];
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
  const versionProblem = version === undefined ? undefined : platformVersionProblem(version, 'flow version');
  if (versionProblem) r.error('FS1103', versionValue!.pos, versionProblem.message, versionProblem.hint);
  const labelsProp = r.prop(obj, 'labels');
  const labels = r.stringMap(labelsProp?.value, 'labels');
  for (const language of Object.keys(labels))
    if (!LANGUAGE.test(language)) r.error('FS1307', labelsProp!.keyPos, `label language '${language}' must be a language code such as en or en-US`, 'use ISO 639-1 with an optional region: en, tr, en-US');
  const description = r.string(r.prop(obj, 'description')?.value, 'the flow description');
  const context: WorkflowContext = { refs: new References(r, domain), boundaries: [], targets: [] };
  const options = readWorkflowOptions(r, obj, context);
  const states = readStates(r, r.required(obj, 'states', 'a flow'), context);
  const sharedTransitions = readSharedTransitions(r, r.prop(obj, 'sharedTransitions')?.value, context);
  const workflow: FlowModel['workflow'] =
    options || sharedTransitions || context.refs.list.length
      ? { ...options, ...(sharedTransitions && { sharedTransitions }), ...(context.refs.list.length && { references: context.refs.list }) }
      : undefined;
  if (key !== undefined) checkStates(r, states, def.pos, key, [workflow?.cancel?.target, workflow?.exit?.target, ...(sharedTransitions ?? []).map((t) => t.target)].filter((t): t is string => t !== undefined && t !== '$self'));
  checkErrorTransitions(r, workflow, states, context.boundaries);
  for (const t of context.targets)
    if (!states.some((s) => s.key === t.target))
      r.error('FS1303', t.pos, `${t.what} names '${t.target}', which is not a state of this flow`, `declared states: ${states.map((s) => s.key).join(', ')}`);
  for (const special of [workflow?.cancel, workflow?.exit])
    if (special?.target !== undefined && special.target !== '$self' && !states.some((s) => s.key === special.target))
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

/** An error rule's transition names a transition of the flow: a state's, the start, cancel, exit or update-data (FS1311). */
function checkErrorTransitions(r: Reader, workflow: FlowModel['workflow'], states: readonly State[], boundaries: readonly ErrorBoundaryModel[]): void {
  const keys = new Set([
    ...states.flatMap((s) => s.transitions.map((t) => t.name)),
    ...(workflow?.sharedTransitions ?? []).map((t) => t.name),
    workflow?.start?.key ?? 'start',
    ...[workflow?.cancel, workflow?.exit, workflow?.updateData].flatMap((t) => (t ? [t.key] : [])),
  ]);
  for (const boundary of boundaries) {
    const timeout = boundary.onTimeout;
    if (timeout?.transition !== undefined && !states.some((s) => s.key === timeout.transition))
      r.error('FS1311', timeout.transitionPos!, `onTimeout transition '${timeout.transition}' is not a state of this flow`, `the platform's onTimeout names the state to go to; declared states: ${states.map((s) => s.key).join(', ')}`);
  }
  for (const boundary of boundaries)
    for (const rule of boundary.onError)
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
    r.only(m, ['allowDestructive', 'allowLocking', 'before', 'after'], what);
    // Each entry keeps its position: one that names nothing the version destroys (or locks) is reported there (FS2102, FS2104).
    const entries = (name: string) => {
      const list: string[] = [];
      const pos: SourcePos[] = [];
      for (const item of r.array(r.prop(m, name)?.value, `${name} of ${what}`) ?? []) {
        const entry = r.string(item, `each item of ${name} of ${what}`);
        if (entry === undefined) continue;
        list.push(entry);
        pos.push(item.pos);
      }
      return { list, pos };
    };
    const destructive = entries('allowDestructive');
    const locking = entries('allowLocking');
    const allowDestructive = destructive.list;
    const allowDestructivePos = destructive.pos;
    const before = readAuthorSql(r, r.prop(m, 'before')?.value, `the before SQL of ${what}`);
    const after = readAuthorSql(r, r.prop(m, 'after')?.value, `the after SQL of ${what}`);
    out.push({ version: p.key, allowDestructive, allowDestructivePos, ...(locking.list.length > 0 && { allowLocking: locking.list, allowLockingPos: locking.pos }), ...(before !== undefined && { before }), ...(after !== undefined && { after }), pos: p.keyPos });
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
