import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { qualified, quoteIdent, type FlowModel, type Table } from '../model/index.ts';
import { templateRoot } from '../emit/templates.ts';
import { dataSchemaOf } from '../artifacts/data-schema.ts';
import { tsBlockComment, TsCode, tsCodeText, tsIdentifier, tsLineComment, tsList, tsLiteral, tsLiteralUnion, tsMemberAccess, tsPropertyKey, tsString, tsTemplateText, tsTypeMembers, type TsKey } from './ts-escape.ts';
import { dataFieldKey, dataFieldType, inputType, propertyKey, propertyName, rowType, selectItem } from './ts-types.ts';

/**
 * The helpers templates/ts/client*.hbs print through, one per TypeScript
 * context (src/codegen/ts-escape.ts); test/security/template-interpolation.test.ts
 * fails on any other interpolation. Each takes exactly one value.
 */
const ESCAPES: Record<string, (value: unknown) => string> = {
  tsString: (v) => tsString(v as string).text,
  tsLiteral: (v) => tsLiteral(v).text,
  tsLineComment: (v) => tsLineComment(v as string),
  tsBlockComment: (v) => tsBlockComment(v as string),
  tsTemplateText: (v) => tsTemplateText(v as string),
  tsCode: tsCodeText,
};

export const CLIENT_TEMPLATE_HELPERS: readonly string[] = [...Object.keys(ESCAPES), 'stmt'];

const hbs = Handlebars.create();
for (const [name, escape] of Object.entries(ESCAPES))
  hbs.registerHelper(name, (...args: unknown[]) => {
    if (args.length !== 2) throw new TypeError(`{{${name}}} takes one value, got ${args.length - 1}`);
    return escape(args[0]);
  });
/** A prepared statement's name: the schema's prefix and a method name (a template constant or a TsCode identifier), as a string literal. */
hbs.registerHelper('stmt', (method: unknown, options: Handlebars.HelperOptions) =>
  tsString(`${options.data.root.stmtPrefix}${typeof method === 'string' ? method : tsCodeText(method)}`).text,
);
let template: HandlebarsTemplateDelegate | undefined;

/** templates/ts/client-*.hbs: client.hbs's parts, included by name (`{{> client-read}}`), one subject per file. */
export const CLIENT_TEMPLATE_PARTIALS: readonly string[] = [
  'client-connection', 'client-data-check', 'client-read', 'client-write',
];

function compileClientTemplate(): HandlebarsTemplateDelegate {
  const dir = join(templateRoot(), 'ts');
  const options = { noEscape: true, strict: true };
  const parts = readdirSync(dir).filter((f) => /^client-.*\.hbs$/.test(f)).map((f) => f.slice(0, -4)).sort();
  // A part on disk that the list does not name is refused: the template lint checks the parts it is told of.
  if (parts.join() !== [...CLIENT_TEMPLATE_PARTIALS].sort().join()) throw new Error(`client template parts on disk (${parts.join(', ')}) are not CLIENT_TEMPLATE_PARTIALS`);
  for (const part of parts) hbs.registerPartial(part, hbs.compile(readFileSync(join(dir, `${part}.hbs`), 'utf8'), options));
  return hbs.compile(readFileSync(join(dir, 'client.hbs'), 'utf8'), options);
}

function pascal(text: string): string {
  const p = text.replace(/(^|[-_\s]+)([a-zA-Z0-9])/g, (_, __, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9_$]/g, '');
  return /^[0-9]/.test(p) ? `_${p}` : p || 'Flow';
}

/** Hands out each name once: pascal() maps different names to one identifier, so a later one gets `_2`, `_3`, … */
function nameGiver(taken: Iterable<string> = []): (name: string) => TsCode {
  const used = new Set(taken);
  return (name) => {
    let candidate = tsIdentifier(name).text;
    for (let n = 2; used.has(candidate); n++) candidate = tsIdentifier(`${name}_${n}`).text;
    used.add(candidate);
    return tsIdentifier(candidate);
  };
}

/**
 * Members the client classes declare themselves. Table accessors are the
 * tables' property names, with `Table` added to one that is a member's name
 * (a table `list` is `listTable`).
 */
const CLASS_MEMBERS = [
  'constructor', 'db', 'get', 'getByKey', 'data', 'dataVersions', 'history', 'list', 'count', 'schemaReady', 'options',
  'start', 'updateData', 'transition', 'cancel', 'fault', 'end', 'transaction', 'lockLatest', 'writeVersion',
];

/** A flow table's accessor on the clients. */
export function tableAccessor(sqlName: string): TsKey {
  const key = propertyKey(sqlName);
  return CLASS_MEMBERS.includes(key) ? tsPropertyKey(`${key}Table`) : propertyName(sqlName);
}
const KEY = tsIdentifier('key');

const INSTANCE = ['id', 'key', 'flow_version', 'current_state', 'status', 'created_at', 'updated_at', 'completed_at'];
const DATA = ['instance_id', 'version', 'is_latest', 'etag', 'data', 'created_at'];
const HISTORY = ['id', 'instance_id', 'transition', 'from_state', 'to_state', 'body', 'created_at'];
const list = (names: readonly string[], prefix = '') => names.map((n) => `${prefix}${quoteIdent(n)} AS ${quoteIdent(propertyKey(n))}`).join(', ');

/**
 * The typed data-access client of one flow (templates/ts/client.hbs and its parts). Pure.
 * Definition strings go to the template as they are and are escaped there
 * for their context; everything pre-rendered is TsCode (src/codegen/ts-escape.ts).
 */
/**
 * Each state's transitions for the client, by name: its own, then the shared
 * transitions offered in it (availableIn, or every state but the final ones
 * when left out); `$self` is the state itself.
 */
function clientTransitions(flow: FlowModel): Record<string, Record<string, string>> {
  const shared = flow.workflow?.sharedTransitions ?? [];
  return Object.fromEntries(
    flow.states.map((st) => {
      const offered = shared.filter((t) => (t.availableIn ? t.availableIn.some((a) => (typeof a === 'string' ? a : a.state) === st.key) : st.type !== 'final'));
      const own = st.transitions.map((t): [string, string] => [t.name, t.target === '$self' ? st.key : t.target]);
      const more = offered.filter((t) => !st.transitions.some((o) => o.name === t.name)).map((t): [string, string] => [t.name, t.target === '$self' ? st.key : t.target]);
      return [st.key, Object.fromEntries([...own, ...more])];
    }),
  );
}

export function renderClient(flow: FlowModel): string {
  template ??= compileClientTemplate();
  const s = flow.schema.schema;
  const q = (t: string) => qualified(s, t);
  const flowTables = flow.schema.tables.filter((t) => t.kind === 'flow');
  const instanceData = flow.schema.tables.find((t) => t.name === 'instance_data')!;
  const inst = list(INSTANCE);
  const data = list(DATA);
  const transitions = clientTransitions(flow);
  const typeNames = nameGiver();
  const memberNames = nameGiver([...CLASS_MEMBERS, ...flowTables.map((t) => propertyKey(t.name)), ...flowTables.map((t) => tableAccessor(t.name).text)]);
  const dataSchema = dataSchemaOf(flow);
  return template({
    flowKey: flow.key,
    schema: s,
    version: flow.version,
    source: flow.file,
    typeName: tsIdentifier(pascal(flow.key)),
    stmtPrefix: `fs_${createHash('sha1').update(s).digest('hex').slice(0, 10)}_`,
    dataFields: flow.dataFields.map((f) => ({ name: dataFieldKey(f.key), optional: f.optional, type: dataFieldType(f) })),
    dataSchema: {
      draft: dataSchema.$schema,
      title: dataSchema.title,
      properties: Object.entries(dataSchema.properties).map(([key, schema]) => ({ key: dataFieldKey(key), schema })),
      required: dataSchema.required,
    },
    stateUnion: tsLiteralUnion(flow.states.map((st) => st.key)),
    initialState: flow.states.find((st) => st.type === 'initial')!.key,
    finalStates: flow.states.filter((st) => st.type === 'final').map((st) => st.key),
    transitions,
    sql: {
      instance: `SELECT ${inst} FROM ${q('instances')} WHERE "id" = $1`,
      instanceByKey: `SELECT ${inst} FROM ${q('instances')} WHERE "key" = $1`,
      data: `SELECT ${data} FROM ${q('instance_data')} WHERE "instance_id" = $1 AND "is_latest"`,
      dataVersions: `SELECT ${data} FROM ${q('instance_data')} WHERE "instance_id" = $1 ORDER BY "version"`,
      history: `SELECT ${list(HISTORY)} FROM ${q('instance_transitions')} WHERE "instance_id" = $1 ORDER BY "id" LIMIT $2`,
      list:
        `SELECT ${inst}, to_char("created_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS "cursorAt" FROM ${q('instances')}` +
        ` WHERE ($1::text[] IS NULL OR "current_state" = ANY($1::text[])) AND ($2::text[] IS NULL OR "status" = ANY($2::text[]))` +
        ` AND ($3::timestamp IS NULL OR ("created_at", "id") > ($3::timestamp AT TIME ZONE 'UTC', $4::uuid)) ORDER BY "created_at", "id" LIMIT $5`,
      count: `SELECT count(*) AS "count" FROM ${q('instances')} WHERE ($1::text[] IS NULL OR "current_state" = ANY($1::text[])) AND ($2::text[] IS NULL OR "status" = ANY($2::text[]))`,
      insertInstance: `INSERT INTO ${q('instances')} ("key", "flow_version", "current_state") VALUES ($1, $2, $3) RETURNING ${inst}`,
      insertFirstData: `INSERT INTO ${q('instance_data')} ("instance_id", "version", "data") VALUES ($1, 1, $2) RETURNING ${data}`,
      lockLatest: `SELECT "version", "data" FROM ${q('instance_data')} WHERE "instance_id" = $1 AND "is_latest" AND "etag" = $2 FOR UPDATE`,
      retireLatest: `UPDATE ${q('instance_data')} SET "is_latest" = false WHERE "instance_id" = $1 AND "is_latest"`,
      insertData: `INSERT INTO ${q('instance_data')} ("instance_id", "version", "data") VALUES ($1, $2, $3) RETURNING ${data}`,
      lockInstance: `SELECT "current_state" AS "currentState", "status" FROM ${q('instances')} WHERE "id" = $1 FOR UPDATE`,
      endInstance: `UPDATE ${q('instances')} SET "status" = $2, "updated_at" = now(), "completed_at" = now() WHERE "id" = $1 AND "status" = 'active' RETURNING ${inst}`,
      instanceStatus: `SELECT "status" FROM ${q('instances')} WHERE "id" = $1`,
      moveState: `UPDATE ${q('instances')} SET "current_state" = $2, "updated_at" = now(), "status" = CASE WHEN $3::boolean THEN 'completed' ELSE "status" END, "completed_at" = CASE WHEN $3::boolean THEN now() ELSE "completed_at" END WHERE "id" = $1 RETURNING ${inst}`,
      recordTransition: `INSERT INTO ${q('instance_transitions')} ("instance_id", "transition", "from_state", "to_state", "body") VALUES ($1, $2, $3, $4, $5)`,
    },
    findBy: flow.dataFields
      .filter((f) => f.index !== 'none' && instanceData.columns.some((c) => c.name === f.column))
      .map((f) => ({
        method: memberNames(`findBy${pascal(f.key)}`),
        field: f.key,
        unique: f.index === 'unique',
        type: dataFieldType(f),
        sql: `SELECT ${list(INSTANCE, 'i.')} FROM ${q('instances')} i JOIN ${q('instance_data')} d ON d."instance_id" = i."id" AND d."is_latest" WHERE d.${quoteIdent(f.column)} = $1 ORDER BY i."created_at", i."id"${f.index === 'unique' ? '' : ' LIMIT $2'}`,
      })),
    tables: flowTables.map((t, i) => tableData(s, t, i, flow, typeNames, memberNames)),
  });
}

function tableData(schema: string, t: Table, index: number, flow: FlowModel, typeNames: (name: string) => TsCode, memberNames: (name: string) => TsCode) {
  // One base per table keeps its Row, Insert, Reader and Writer names unique (no other declared name ends in one of them).
  const base = typeNames(pascal(t.name)).text;
  const pk = t.primaryKey?.columns ?? [];
  const columns = t.columns.map((c) => ({
    name: propertyName(c.name),
    type: rowType(c.type, flow.schema.enums),
    input: inputType(c.type, flow.schema.enums),
    nullable: c.nullable,
    optionalInsert: c.nullable || c.default !== undefined || c.identity === true || c.generated !== undefined,
  }));
  const select = t.columns.map(selectItem).join(', ');
  const where = pk.map((c, i) => `${quoteIdent(c)} = $${i + 1}`).join(' AND ');
  return {
    tableName: t.name,
    rowName: tsIdentifier(`${base}Row`),
    insertName: tsIdentifier(`${base}Insert`),
    readerType: tsIdentifier(`${base}Reader`),
    writerType: tsIdentifier(`${base}Writer`),
    accessor: tableAccessor(t.name),
    readerName: memberNames(`read${index}${pascal(t.name)}`),
    columns,
    hasPk: pk.length > 0,
    pkType: tsTypeMembers(pk.map((c) => [propertyName(c), inputType(t.columns.find((x) => x.name === c)!.type, flow.schema.enums)] as const)),
    pkValues: tsList(pk.map((c) => tsMemberAccess(KEY, propertyName(c)))),
    pkColumns: pk.map(quoteIdent),
    getSql: `SELECT ${select} FROM ${qualified(schema, t.name)} WHERE ${where}`,
    deleteSql: `DELETE FROM ${qualified(schema, t.name)} WHERE ${where}`,
    selectSql: `SELECT ${select} FROM ${qualified(schema, t.name)}`,
    orderBy: ` ORDER BY ${(pk.length ? pk : [t.columns[0]!.name]).map(quoteIdent).join(', ')}`,
    columnMap: Object.fromEntries(t.columns.map((c) => [propertyKey(c.name), quoteIdent(c.name)])),
    qualified: qualified(schema, t.name),
    returning: select,
  };
}
