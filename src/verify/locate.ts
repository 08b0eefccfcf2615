import type { LoadedValue } from '../loader/index.ts';
import type { FlowModel, SourcePos, Table } from '../model/index.ts';
import { keyIndexName, notNullCheckName, type Change } from '../plan/index.ts';

/** An element of a definition: where it is written and how to name it in a message ('' for the flow as a whole). */
export interface Place {
  readonly pos: SourcePos;
  readonly what: string;
}

/** PostgreSQL's error fields (as node-postgres gives them). */
export interface PgError {
  readonly message: string;
  readonly code?: string;
  readonly detail?: string;
  readonly hint?: string;
  readonly position?: string;
  readonly table?: string;
  readonly column?: string;
  readonly constraint?: string;
}

/** Where PostgreSQL stopped: the statement (its parse node), the change that rendered it, the seed row. */
export interface FailurePoint {
  /** the statement's parse node type and node, from PostgreSQL's grammar */
  readonly kind?: string;
  readonly node?: Record<string, unknown>;
  /** byte offset of the error in the statement's text, as the parse node's locations count */
  readonly offset?: number;
  readonly change?: Change;
  /** index into the change's seed rows */
  readonly row?: number;
}

/**
 * Finds a definition value by its path of keys and indexes (`seeds`,
 * `rates`, 2), reading only the flow's own file (and what it imports) with
 * the loader: done only when a failure has to be placed exactly.
 */
export type SourceLocator = (file: string, path: readonly (string | number | ((key: string, keyPos: SourcePos) => boolean))[]) => Promise<SourcePos | undefined>;

export function sourceLocator(sources: ReadonlyMap<string, string>): SourceLocator {
  const loaded = new Map<string, LoadedValue | undefined>();
  return async (file, path) => {
    if (!loaded.has(file)) {
      // The loader (TypeScript's parser) is loaded only now: a verification that places nothing never needs it.
      const { loadDefinitions } = await import('../loader/index.ts');
      const skip = new Set([...sources.keys()].filter((p) => p !== file));
      loaded.set(file, loadDefinitions(sources, skip).files.get(file)?.definition?.value);
    }
    let value = loaded.get(file);
    let pos: SourcePos | undefined;
    for (const step of path) {
      if (value === undefined) return undefined;
      if (value.kind === 'define') value = value.arg;
      if (typeof step === 'number') {
        if (value.kind !== 'array') return undefined;
        value = value.items[step];
        pos = value?.pos;
      } else {
        if (value.kind !== 'object') return undefined;
        const prop = value.props.find((p) => (typeof step === 'string' ? p.key === step : step(p.key, p.keyPos)));
        value = prop?.value;
        pos = prop?.keyPos;
      }
    }
    return value?.pos ?? pos;
  };
}

const samePos = (a: SourcePos | undefined, b: SourcePos) => a !== undefined && a.file === b.file && a.line === b.line && a.column === b.column;

/**
 * The definition element a failed statement came from, and its name: from
 * the change that rendered it when it is known (before/after SQL, a seed
 * row), else from the statement itself (its table, and for a CREATE TABLE
 * the column or constraint PostgreSQL's error position falls in), else the
 * flow.
 */
export async function placeFailure(flow: FlowModel, point: FailurePoint, error: PgError, locate?: SourceLocator): Promise<Place> {
  const flowPos: SourcePos = flow.pos ?? { file: flow.file, line: 1, column: 1 };
  const change = point.change;
  if (change?.kind === 'RunSql') {
    const options = flow.migrations.find((m) => m.version === flow.version);
    const pos = (await locate?.(flow.file, ['migrations', flow.version, change.label])) ?? options?.pos ?? flowPos;
    return { pos, what: `the ${change.label} SQL of version ${flow.version}` };
  }
  if ((change?.kind === 'InsertSeeds' || change?.kind === 'UpsertSeeds') && point.row !== undefined) {
    const set = flow.schema.seeds.find((s) => s.table === change.table.name);
    const row = change.seeds.rows[point.row]!;
    const index = set ? indexOfRow(set.rows, row) : -1;
    const setPos = change.seeds.pos ?? set?.pos;
    const rowPos = index >= 0 && setPos ? await locate?.(flow.file, ['seeds', (_key, keyPos) => samePos(setPos, keyPos), index]) : undefined;
    return { pos: rowPos ?? setPos ?? flowPos, what: `seed row ${index >= 0 ? index + 1 : point.row + 1} of table '${change.table.name}'` };
  }
  return (point.node && fromStatement(flow, point.kind!, point.node, point.offset, error)) ?? fromChange(flow, change) ?? { pos: flowPos, what: '' };
}

function indexOfRow(rows: readonly object[], row: object): number {
  const same = rows.indexOf(row);
  if (same >= 0) return same;
  const text = JSON.stringify(row);
  return rows.findIndex((r) => JSON.stringify(r) === text);
}

type Node = Record<string, unknown>;
const child = (node: unknown, key: string): Node | undefined => (typeof node === 'object' && node !== null ? ((node as Node)[key] as Node | undefined) : undefined);
const str = (node: unknown, key: string): string | undefined => {
  const v = typeof node === 'object' && node !== null ? (node as Node)[key] : undefined;
  return typeof v === 'string' ? v : undefined;
};
const list = (node: unknown, key: string): Node[] => {
  const v = typeof node === 'object' && node !== null ? (node as Node)[key] : undefined;
  return Array.isArray(v) ? (v as Node[]) : [];
};
const names = (items: Node[]) => items.map((i) => str(child(i, 'String'), 'sval') ?? '');

/** The model elements of one table, by what PostgreSQL names them. */
function tablePlaces(flow: FlowModel, table: Table) {
  const fallback = table.pos ?? flow.pos ?? { file: flow.file, line: 1, column: 1 };
  const t = table.name;
  return {
    table: { pos: fallback, what: `table '${t}'` },
    column: (name: string): Place | undefined => {
      const c = table.columns.find((x) => x.name === name);
      return c && { pos: c.pos ?? fallback, what: `column '${t}.${name}'` };
    },
    constraint: (name: string | undefined, contype?: string): Place | undefined => {
      // The check an online migration puts on a column on its way to NOT NULL stands for that column.
      const notNull = table.columns.find((x) => notNullCheckName(x.name) === name);
      if (notNull) return { pos: notNull.pos ?? fallback, what: `column '${t}.${notNull.name}'` };
      // A new key's index, built under a temporary name: the key.
      const key = [...(table.primaryKey ? [table.primaryKey] : []), ...table.uniques].find((k) => keyIndexName(k.name) === name);
      if (key) name = key.name;
      const check = table.checks.find((x) => x.name === name);
      if (check && (contype === undefined || contype === 'CONSTR_CHECK')) return { pos: check.pos ?? fallback, what: `check '${name}' of table '${t}'` };
      if (table.primaryKey && (table.primaryKey.name === name || contype === 'CONSTR_PRIMARY')) return { pos: table.primaryKey.pos ?? fallback, what: `the primary key of table '${t}'` };
      const unique = table.uniques.find((x) => x.name === name);
      if (unique) return { pos: unique.pos ?? fallback, what: `unique constraint '${name}' of table '${t}'` };
      const fk = table.foreignKeys.find((x) => x.name === name);
      if (fk) return { pos: fk.pos ?? fallback, what: `foreign key '${name}' of table '${t}'` };
      const index = table.indexes.find((x) => x.name === name);
      if (index) return { pos: index.pos ?? fallback, what: `index '${name}' of table '${t}'` };
      return undefined;
    },
  };
}

/** Placed by the statement's own content: works for any migration, the history's too. */
function fromStatement(flow: FlowModel, kind: string, node: Node, offset: number | undefined, error: PgError): Place | undefined {
  const tableOf = (relation: unknown) => {
    const name = str(relation, 'relname');
    const table = flow.schema.tables.find((t) => t.name === name);
    return table && tablePlaces(flow, table);
  };
  const enumPlace = (typeName: Node[]) => {
    const name = names(typeName).at(-1);
    const e = flow.schema.enums.find((x) => x.name === name);
    return e && { pos: e.pos ?? flow.pos ?? { file: flow.file, line: 1, column: 1 }, what: `enum type '${e.name}'` };
  };
  // Constraint violations name what they violate (a check, a key, a NOT NULL column).
  const byError = (t: ReturnType<typeof tableOf>) => (t && ((error.constraint && t.constraint(error.constraint)) || (error.column && t.column(error.column)))) || undefined;
  switch (kind) {
    case 'CreateStmt': {
      const t = tableOf(child(node, 'relation'));
      if (!t) return undefined;
      const elements = list(node, 'tableElts');
      let element: Node | undefined;
      if (offset !== undefined)
        for (const e of elements) {
          const inner = child(e, 'ColumnDef') ?? child(e, 'Constraint');
          const location = inner?.location;
          if (typeof location === 'number' && location <= offset) element = e;
        }
      if (element) {
        const column = child(element, 'ColumnDef');
        if (column) return t.column(str(column, 'colname') ?? '') ?? t.table;
        const constraint = child(element, 'Constraint')!;
        return t.constraint(str(constraint, 'conname'), str(constraint, 'contype')) ?? t.table;
      }
      return byError(t) ?? t.table;
    }
    case 'AlterTableStmt': {
      const t = tableOf(child(node, 'relation'));
      if (!t) return undefined;
      const cmd = child(list(node, 'cmds')[0], 'AlterTableCmd');
      const subtype = str(cmd, 'subtype');
      const def = child(cmd, 'def');
      if (subtype === 'AT_AddConstraint') {
        const constraint = child(def, 'Constraint');
        return t.constraint(str(constraint, 'conname'), str(constraint, 'contype')) ?? t.table;
      }
      if (subtype === 'AT_AddColumn') return t.column(str(child(def, 'ColumnDef'), 'colname') ?? '') ?? t.table;
      const column = str(cmd, 'name');
      if (column !== undefined) return t.column(column) ?? byError(t) ?? t.table;
      return byError(t) ?? t.table;
    }
    case 'IndexStmt': {
      const t = tableOf(child(node, 'relation'));
      return t && (t.constraint(str(node, 'idxname')) ?? t.table);
    }
    case 'CreateEnumStmt':
    case 'AlterEnumStmt':
      return enumPlace(list(node, 'typeName'));
    case 'InsertStmt': {
      const name = str(child(node, 'relation'), 'relname');
      const set = flow.schema.seeds.find((s) => s.table === name);
      const t = tableOf(child(node, 'relation'));
      return set?.pos ? { pos: set.pos, what: `the seed rows of table '${name}'` } : t?.table;
    }
    case 'UpdateStmt':
    case 'CommentStmt':
      return tableOf(child(node, 'relation'))?.table;
    default:
      return undefined;
  }
}

/** Placed by the change alone (a statement the content says nothing useful about). */
function fromChange(flow: FlowModel, change: Change | undefined): Place | undefined {
  if (!change) return undefined;
  const table = (name: string) => flow.schema.tables.find((t) => t.name === name);
  const places = (name: string) => {
    const t = table(name);
    return t && tablePlaces(flow, t);
  };
  switch (change.kind) {
    case 'CreateEnum':
    case 'RecreateEnum':
      return change.enum.pos ? { pos: change.enum.pos, what: `enum type '${change.enum.name}'` } : undefined;
    case 'CreateTable':
      return places(change.table.name)?.table;
    case 'AddColumn':
    case 'AlterColumnType':
    case 'SetDefault':
      return places(change.table)?.column(change.column.name);
    case 'SetNotNull':
    case 'DropNotNull':
    case 'DropDefault':
      return places(change.table)?.column(change.column);
    case 'Backfill':
      return places(change.table)?.column(change.column.name);
    case 'AddCheck':
      return places(change.table)?.constraint(change.check.name);
    case 'ValidateConstraint':
      return places(change.table)?.constraint(change.name);
    case 'AddUnique':
    case 'AddPrimaryKey':
      return places(change.table)?.constraint(change.key.name);
    case 'AddForeignKey':
      return places(change.table)?.constraint(change.foreignKey.name);
    case 'CreateIndex':
      return places(change.table)?.constraint(change.index.name);
    case 'InsertSeeds':
    case 'UpsertSeeds':
      return change.seeds.pos ? { pos: change.seeds.pos, what: `the seed rows of table '${change.table.name}'` } : undefined;
    default:
      return undefined;
  }
}
