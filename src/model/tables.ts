import type { LoadedValue } from '../loader/index.ts';
import type { SourcePos } from './diagnostic.ts';
import { readColumnType } from './column-type.ts';
import { snakeCase } from './names.ts';
import type { Reader } from './read.ts';
import { checkSqlExpression } from './sql-grammar.ts';
import type { CheckConstraint, Column, EnumType, OnDelete } from './types.ts';
import { readValue } from './value.ts';

const COLUMN_PROPS = ['type', 'name', 'optional', 'array', 'primaryKey', 'unique', 'default', 'comment', 'references', 'renamedFrom', 'using', 'length', 'precision', 'scale', 'values', 'enumName'];
const TABLE_PROPS = ['name', 'comment', 'renamedFrom', 'columns', 'primaryKey', 'indexes', 'unique', 'checks'];
const ON_DELETE: readonly OnDelete[] = ['cascade', 'restrict', 'set null', 'set default', 'no action'];

/** A flow table as declared, before references between tables are resolved. */
export interface DraftTable {
  readonly key: string;
  readonly name: string;
  readonly comment?: string;
  readonly renamedFrom?: string;
  readonly pos: SourcePos;
  readonly namePos: SourcePos;
  readonly columns: DraftColumn[];
  readonly primaryKey?: { readonly columns: readonly NameRef[]; readonly pos: SourcePos };
  readonly uniques: { readonly columns: readonly NameRef[]; readonly pos: SourcePos }[];
  readonly indexes: { readonly name?: string; readonly columns: readonly NameRef[]; readonly unique: boolean; readonly pos: SourcePos }[];
  readonly checks: CheckConstraint[];
  readonly enums: EnumType[];
  /** keys of columns that had errors (already reported): references to them stay silent */
  readonly failedColumns: ReadonlySet<string>;
}

export interface DraftColumn {
  readonly key: string;
  readonly column: Column;
  readonly namePos: SourcePos;
  readonly primaryKey: boolean;
  readonly unique: boolean;
  readonly enumValues?: readonly string[];
  readonly references?: { readonly table: string; readonly column?: string; readonly onDelete: OnDelete; readonly pos: SourcePos };
}

/** A column named in an index or constraint, by key or SQL name. */
export interface NameRef {
  readonly name: string;
  readonly pos: SourcePos;
}

export function readTables(r: Reader, value: LoadedValue | undefined): DraftTable[] {
  const obj = r.object(value, 'tables');
  if (!obj) return [];
  const tables: DraftTable[] = [];
  for (const p of obj.props) {
    const table = readTable(r, p.key, p.keyPos, p.value);
    if (table) tables.push(table);
  }
  return tables;
}

function readTable(r: Reader, key: string, keyPos: SourcePos, value: LoadedValue): DraftTable | undefined {
  const what = `table '${key}'`;
  const obj = r.object(value, what);
  if (!obj) return undefined;
  r.only(obj, TABLE_PROPS, what);
  const nameProp = r.prop(obj, 'name');
  const name = r.string(nameProp?.value, `the name of ${what}`) ?? snakeCase(key);
  const comment = r.string(r.prop(obj, 'comment')?.value, `the comment of ${what}`);
  const renamedFrom = r.string(r.prop(obj, 'renamedFrom')?.value, `renamedFrom of ${what}`);
  const columnsObj = r.object(r.required(obj, 'columns', what), `the columns of ${what}`);
  const columns: DraftColumn[] = [];
  const enums: EnumType[] = [];
  const failedColumns = new Set<string>();
  if (columnsObj) {
    if (columnsObj.props.length === 0 && !columnsObj.incomplete) r.error('FS1412', columnsObj.pos, `${what} has no columns`, 'declare at least one column');
    for (const c of columnsObj.props) {
      const errorsBefore = r.diagnostics.length;
      const column = readColumn(r, name, key, c.key, c.keyPos, c.value);
      if (!column || r.diagnostics.length > errorsBefore) failedColumns.add(c.key).add(snakeCase(c.key));
      if (!column) continue;
      const twin = columns.find((x) => x.column.name === column.column.name);
      if (twin) {
        r.error('FS1205', column.namePos, `columns '${twin.key}' and '${column.key}' of table '${key}' both become '${column.column.name}' in SQL`, 'keys that differ only in case or underscores give the same SQL name: rename one, or set `name:`');
        continue;
      }
      columns.push(column);
      if (column.column.type.base === 'enum' && column.enumValues && column.column.type.enumName)
        enums.push({ name: column.column.type.enumName, values: column.enumValues, pos: column.namePos });
    }
  }
  const refList = (v: LoadedValue | undefined, label: string): NameRef[] | undefined => {
    const items = r.array(v, label);
    if (!items) return undefined;
    const refs: NameRef[] = [];
    for (const item of items) {
      const s = r.string(item, `each column of ${label}`);
      if (s !== undefined) refs.push({ name: s, pos: item.pos });
    }
    return refs;
  };
  const pkProp = r.prop(obj, 'primaryKey');
  const pkColumns = pkProp ? refList(pkProp.value, `the primaryKey of ${what}`) : undefined;
  const uniques: DraftTable['uniques'] = [];
  for (const u of r.array(r.prop(obj, 'unique')?.value, `the unique constraints of ${what}`) ?? []) {
    const cols = refList(u, `a unique constraint of ${what}`);
    if (cols) uniques.push({ columns: cols, pos: u.pos });
  }
  const indexes: DraftTable['indexes'] = [];
  for (const i of r.array(r.prop(obj, 'indexes')?.value, `the indexes of ${what}`) ?? []) {
    const io = r.object(i, `an index of ${what}`);
    if (!io) continue;
    r.only(io, ['name', 'columns', 'unique'], `an index of ${what}`);
    const cols = refList(r.required(io, 'columns', `an index of ${what}`), `an index of ${what}`);
    const indexName = r.string(r.prop(io, 'name')?.value, `the name of an index of ${what}`);
    const unique = r.boolean(r.prop(io, 'unique')?.value, `'unique' of an index of ${what}`) ?? false;
    if (cols) indexes.push(indexName === undefined ? { columns: cols, unique, pos: io.pos } : { name: indexName, columns: cols, unique, pos: io.pos });
  }
  const checks: CheckConstraint[] = [];
  const checksObj = r.object(r.prop(obj, 'checks')?.value, `the checks of ${what}`);
  for (const c of checksObj?.props ?? []) {
    const expression = r.string(c.value, `check '${c.key}' of ${what}`);
    if (expression === undefined) continue;
    const problem = checkSqlExpression(expression, 'check');
    if (problem) {
      r.error('FS1411', c.value.pos, `check '${c.key}' of ${what} must be a single SQL boolean expression: ${problem}`, "write one expression, such as \"kind <> ''\"");
      continue;
    }
    const checkName = snakeCase(c.key);
    const twin = checks.find((x) => x.name === checkName);
    if (twin) {
      r.error('FS1507', c.keyPos, `table '${key}' has two check constraints named '${checkName}'`, 'rename one of them: check keys that differ only in case or underscores give the same name');
      continue;
    }
    checks.push({ name: checkName, expression, pos: c.keyPos });
  }
  const table: DraftTable = {
    key,
    name,
    pos: keyPos,
    namePos: nameProp?.value.pos ?? keyPos,
    columns,
    uniques,
    indexes,
    checks,
    enums,
    failedColumns,
    ...(comment !== undefined && { comment }),
    ...(renamedFrom !== undefined && { renamedFrom }),
    ...(pkColumns && pkProp && { primaryKey: { columns: pkColumns, pos: pkProp.keyPos } }),
  };
  return table;
}

function readColumn(r: Reader, tableName: string, tableKey: string, key: string, keyPos: SourcePos, value: LoadedValue): DraftColumn | undefined {
  const what = `column '${tableKey}.${key}'`;
  const obj = r.object(value, what);
  if (!obj) return undefined;
  r.only(obj, COLUMN_PROPS, what);
  const get = (k: string) => r.prop(obj, k)?.value;
  const nameProp = r.prop(obj, 'name');
  const name = r.string(nameProp?.value, `the name of ${what}`) ?? snakeCase(key);
  const typeValue = r.required(obj, 'type', what);
  const enumName = r.string(get('enumName'), `enumName of ${what}`) ?? `${tableName}_${name}`;
  const type = readColumnType(r, { type: typeValue, length: get('length'), precision: get('precision'), scale: get('scale'), array: get('array') }, obj.pos, what, enumName);
  if (!type) return undefined;
  let enumValues: string[] | undefined;
  if (type.base === 'enum') {
    enumValues = readEnumValues(r, get('values'), obj.pos, what);
    if (!enumValues) return undefined;
  } else if (get('values')) r.error('FS1410', get('values')!.pos, `${what} is not an enum and takes no values`, "remove 'values', or use type: 'enum'");
  const nullable = r.boolean(get('optional'), `'optional' of ${what}`) ?? false;
  const primaryKey = r.boolean(get('primaryKey'), `'primaryKey' of ${what}`) ?? false;
  const unique = r.boolean(get('unique'), `'unique' of ${what}`) ?? false;
  const comment = r.string(get('comment'), `the comment of ${what}`);
  const renamedFrom = r.string(get('renamedFrom'), `renamedFrom of ${what}`);
  const usingValue = get('using');
  let using = r.string(usingValue, `'using' of ${what}`);
  const usingProblem = using === undefined ? undefined : checkSqlExpression(using, 'using');
  if (usingProblem) {
    r.error('FS1411', usingValue!.pos, `'using' of ${what} must be a single SQL expression: ${usingProblem}`, 'write one expression, such as "amount::integer"');
    using = undefined;
  }
  const defaultValue = get('default');
  const literal = defaultValue ? readValue(r, defaultValue, type, enumValues, nullable, 'FS1407', `the default of ${what}`) : undefined;
  if (primaryKey && nullable) r.error('FS1414', r.prop(obj, 'primaryKey')!.keyPos, `${what} is a primary key and cannot be optional`, "remove 'optional: true'");
  const references = readReference(r, get('references'), what);
  const column: Column = {
    name,
    type,
    nullable,
    ...(literal !== undefined && { default: literal }),
    ...(comment !== undefined && { comment }),
    ...(renamedFrom !== undefined && { renamedFrom }),
    ...(using !== undefined && { using }),
    pos: keyPos,
  };
  return {
    key,
    column,
    namePos: nameProp?.value.pos ?? keyPos,
    primaryKey,
    unique,
    ...(enumValues && { enumValues }),
    ...(references && { references }),
  };
}

export function readEnumValues(r: Reader, value: LoadedValue | undefined, ownerPos: SourcePos, what: string): string[] | undefined {
  if (!value) {
    r.error('FS1405', ownerPos, `enum ${what} needs its values`, "write values: ['a', 'b']");
    return undefined;
  }
  const values = r.strings(value, `the values of ${what}`);
  if (!values) return undefined;
  if (values.length === 0) {
    r.error('FS1405', value.pos, `enum ${what} has no values`, 'list at least one value');
    return undefined;
  }
  let ok = true;
  const items = value.kind === 'array' ? value.items : [];
  values.forEach((v, i) => {
    const pos = items[i]?.pos ?? value.pos;
    if (v === '' || v.includes('\0')) {
      r.error('FS1405', pos, `enum ${what} has an empty or NUL-containing value`, 'give every value at least one character');
      ok = false;
    } else if (Buffer.byteLength(v) > 63) {
      r.error('FS1405', pos, `enum value '${v}' of ${what} is longer than 63 bytes`, 'PostgreSQL limits enum labels to 63 bytes: shorten it');
      ok = false;
    } else if (values.indexOf(v) !== i) {
      r.error('FS1406', pos, `enum ${what} lists '${v}' twice`, 'remove the duplicate');
      ok = false;
    }
  });
  return ok ? values : undefined;
}

function readReference(r: Reader, value: LoadedValue | undefined, what: string): DraftColumn['references'] {
  const obj = r.object(value, `the references of ${what}`);
  if (!obj) return undefined;
  r.only(obj, ['table', 'column', 'onDelete'], `the references of ${what}`);
  const table = r.string(r.required(obj, 'table', `the references of ${what}`), `the referenced table of ${what}`);
  const column = r.string(r.prop(obj, 'column')?.value, `the referenced column of ${what}`);
  const onDeleteValue = r.prop(obj, 'onDelete')?.value;
  const onDeleteText = r.string(onDeleteValue, `onDelete of ${what}`) ?? 'no action';
  if (!(ON_DELETE as readonly string[]).includes(onDeleteText)) {
    r.error('FS1108', onDeleteValue!.pos, `onDelete of ${what} must be one of ${ON_DELETE.map((o) => `'${o}'`).join(', ')}, not '${onDeleteText}'`);
    return undefined;
  }
  if (table === undefined) return undefined;
  return { table, onDelete: onDeleteText as OnDelete, pos: obj.pos, ...(column !== undefined && { column }) };
}
