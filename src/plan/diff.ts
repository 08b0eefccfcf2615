import { diagnostic, snakeCase, type Column, type DataField, type Diagnostic, type EnumType, type FlowModel, type ForeignKey, type Index, type KeyConstraint, type SchemaModel, type SeedSet, type SourcePos, type Table } from '../model/index.ts';
import type { Change } from './changes.ts';
import { columnOf, isOrderedSubset, isWidening, key, same, tableOf } from './compare.ts';

/** What the last migration of a flow schema led to (its snapshot). */
export interface PreviousState {
  readonly version: string;
  readonly schema: SchemaModel;
  readonly dataFields: readonly DataField[];
}

/** What a destructive change destroys, by SQL names (a dropped table or column by its previous name). */
export type DestroyedObject =
  | { readonly kind: 'table'; readonly table: string }
  | { readonly kind: 'column'; readonly table: string; readonly column: string }
  | { readonly kind: 'data'; readonly field: string }
  | { readonly kind: 'enum'; readonly name: string };

/** A change that can lose data; refused unless the version's allowDestructive names it (see allow.ts). */
export interface DestructiveChange {
  /** its SQL key: `table`, `table.column`, `data.field`, `enum:type` */
  readonly key: string;
  readonly object: DestroyedObject;
  readonly description: string;
  readonly pos: SourcePos | undefined;
}

export interface Plan {
  readonly changes: readonly Change[];
  readonly destructive: readonly DestructiveChange[];
  readonly diagnostics: readonly Diagnostic[];
}

type Bucket =
  | 'before' | 'dropForeignKeys' | 'dropIndexes' | 'dropConstraints' | 'dropGenerated'
  | 'renameTables' | 'renameEnums' | 'renameColumns' | 'renameKeys'
  | 'enums' | 'createTables' | 'addColumns' | 'alterColumns' | 'dataRewrites'
  | 'dropColumns' | 'dropTables' | 'dropEnums'
  | 'addConstraints' | 'createIndexes' | 'addForeignKeys' | 'comments' | 'seeds' | 'after' | 'late';

/**
 * The order changes run in: what depends on something is dropped before it
 * and created after it (foreign keys after the tables and keys they
 * reference, indexes after their columns, enum types before the columns that
 * use them and dropped after them).
 */
const ORDER: readonly Bucket[] = [
  'before', 'dropForeignKeys', 'dropIndexes', 'dropConstraints', 'dropGenerated',
  'renameTables', 'renameEnums', 'renameColumns', 'renameKeys',
  'enums', 'createTables', 'addColumns', 'alterColumns', 'dataRewrites',
  'dropColumns', 'dropTables', 'dropEnums',
  'addConstraints', 'createIndexes', 'addForeignKeys', 'comments', 'seeds', 'after', 'late',
];

/**
 * diff(previous snapshot, current flow model) -> the changes that bring a
 * database at the previous version to the current one. Pure. Renames come
 * only from `renamedFrom`; destructive changes are listed for the gate.
 */
export function diff(previous: PreviousState, next: FlowModel): Plan {
  return new Differ(previous, next).run();
}

class Differ {
  private readonly buckets = new Map<Bucket, Change[]>(ORDER.map((b) => [b, []]));
  private readonly destructive: DestructiveChange[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  private readonly schema: string;
  private readonly prev: SchemaModel;
  private readonly cur: SchemaModel;
  /** previous table name -> current table name */
  private readonly tableMap = new Map<string, string>();
  /** `${currentTable}\0${previousColumn}` -> current column name */
  private readonly columnMap = new Map<string, string>();
  private readonly droppedKeysOf = new Set<string>();

  constructor(private readonly previous: PreviousState, private readonly next: FlowModel) {
    this.schema = next.schema.schema;
    this.prev = previous.schema;
    this.cur = next.schema;
  }

  run(): Plan {
    const options = this.next.migrations.find((m) => m.version === this.next.version);
    if (options?.before) this.add('before', { kind: 'RunSql', schema: this.schema, label: 'before', sql: options.before });
    this.matchTables();
    this.diffDataFields();
    for (const table of this.cur.tables) {
      const prevName = [...this.tableMap].find(([, n]) => n === table.name)?.[0];
      const before = prevName === undefined ? undefined : tableOf(this.prev, prevName);
      if (before) this.diffTable(before, table);
      else this.createTable(table);
    }
    for (const table of this.prev.tables) {
      if (this.tableMap.has(table.name)) continue;
      this.add('dropTables', { kind: 'DropTable', schema: this.schema, table: table.name });
      for (const fk of table.foreignKeys) this.add('dropForeignKeys', { kind: 'DropConstraint', schema: this.schema, table: table.name, name: fk.name, what: 'foreign key' });
      this.destroy({ kind: 'table', table: table.name }, `drop table ${table.name}`, this.next.pos);
    }
    this.forceForeignKeysOnDroppedKeys();
    this.diffEnums();
    this.diffSeeds();
    if (options?.after) this.add('after', { kind: 'RunSql', schema: this.schema, label: 'after', sql: options.after });
    this.useRebuildWhereNewEnumValuesAreUsed();
    const changes = ORDER.flatMap((b) => this.buckets.get(b)!);
    return { changes, destructive: this.destructive, diagnostics: this.diagnostics };
  }

  private add(bucket: Bucket, change: Change): void {
    this.buckets.get(bucket)!.push(change);
  }

  private destroy(object: DestroyedObject, description: string, pos: SourcePos | undefined): void {
    const keyName =
      object.kind === 'table' ? object.table :
      object.kind === 'column' ? `${object.table}.${object.column}` :
      object.kind === 'data' ? `data.${object.field}` : `enum:${object.name}`;
    this.destructive.push({ key: keyName, object, description, pos });
  }

  // ---- tables -------------------------------------------------------------

  private matchTables(): void {
    for (const table of this.cur.tables) {
      if (tableOf(this.prev, table.name)) {
        this.tableMap.set(table.name, table.name);
        continue;
      }
      if (table.renamedFrom === undefined) continue;
      const from = [table.renamedFrom, snakeCase(table.renamedFrom)].find((n) => tableOf(this.prev, n) && !this.cur.tables.some((t) => t.name === n));
      if (from === undefined) {
        this.diagnostics.push(diagnostic('FS2005', table.pos ?? this.next.pos!, `table '${table.name}' is renamedFrom '${table.renamedFrom}', but version ${this.previous.version} has no such table`, 'remove renamedFrom, or name the table as it was in the previous version'));
        continue;
      }
      this.tableMap.set(from, table.name);
      this.add('renameTables', { kind: 'RenameTable', schema: this.schema, from, to: table.name });
    }
  }

  private createTable(table: Table): void {
    this.add('createTables', { kind: 'CreateTable', schema: this.schema, table: { ...table, foreignKeys: [], indexes: [] } });
    for (const foreignKey of table.foreignKeys) this.add('addForeignKeys', { kind: 'AddForeignKey', schema: this.schema, table: table.name, foreignKey });
    for (const index of table.indexes) this.add('createIndexes', { kind: 'CreateIndex', schema: this.schema, table: table.name, index });
    if (table.comment !== undefined) this.add('comments', { kind: 'CommentOnTable', schema: this.schema, table: table.name, comment: table.comment });
    for (const c of table.columns)
      if (c.comment !== undefined) this.add('comments', { kind: 'CommentOnColumn', schema: this.schema, table: table.name, column: c.name, comment: c.comment });
  }

  private diffTable(before: Table, after: Table): void {
    const t = after.name;
    const schema = this.schema;
    // columns: match by name, then by renamedFrom
    const matched = new Map<string, Column>(); // current column name -> previous column
    for (const c of after.columns) {
      const same = columnOf(before, c.name);
      if (same) {
        matched.set(c.name, same);
        continue;
      }
      if (c.renamedFrom === undefined) continue;
      const from = [c.renamedFrom, snakeCase(c.renamedFrom)].find((n) => columnOf(before, n) && !columnOf(after, n));
      if (from === undefined) {
        this.diagnostics.push(diagnostic('FS2005', c.pos ?? after.pos ?? this.next.pos!, `column '${t}.${c.name}' is renamedFrom '${c.renamedFrom}', but version ${this.previous.version} has no such column in table '${before.name}'`, 'remove renamedFrom, or name the column as it was in the previous version'));
        continue;
      }
      matched.set(c.name, columnOf(before, from)!);
      this.add('renameColumns', { kind: 'RenameColumn', schema, table: t, from, to: c.name });
    }
    for (const [curName, prevCol] of matched) this.columnMap.set(`${t}\0${prevCol.name}`, curName);

    for (const c of after.columns) {
      const old = matched.get(c.name);
      if (!old) {
        this.add('addColumns', { kind: 'AddColumn', schema, table: t, column: c });
        if (!c.nullable && c.default === undefined && c.generated === undefined && !c.identity) {
          // Added nullable, filled by the version's `after` SQL, then made NOT NULL.
          this.buckets.get('addColumns')!.pop();
          this.add('addColumns', { kind: 'AddColumn', schema, table: t, column: { ...c, nullable: true } });
          this.add('late', { kind: 'SetNotNull', schema, table: t, column: c.name });
          this.destroy({ kind: 'column', table: t, column: c.name }, `add NOT NULL column ${t}.${c.name} without a default`, c.pos);
        }
        if (c.comment !== undefined) this.add('comments', { kind: 'CommentOnColumn', schema, table: t, column: c.name, comment: c.comment });
        continue;
      }
      this.diffColumn(t, old, c);
    }
    for (const c of before.columns) {
      if ([...matched.values()].includes(c)) continue;
      this.add('dropColumns', { kind: 'DropColumn', schema, table: t, column: c.name });
      if (c.generated === undefined) this.destroy({ kind: 'column', table: t, column: c.name }, `drop column ${t}.${c.name}`, after.pos);
    }
    if ((before.comment ?? null) !== (after.comment ?? null)) this.add('comments', { kind: 'CommentOnTable', schema, table: t, comment: after.comment ?? null });

    this.diffKeys(before, after);
  }

  private diffColumn(t: string, old: Column, c: Column): void {
    const schema = this.schema;
    if (old.generated !== undefined || c.generated !== undefined) {
      // A generated column cannot change its expression in PostgreSQL 15: it is derived data, so drop and add it.
      if (old.generated !== c.generated || !same(old.type, c.type)) {
        this.add('dropGenerated', { kind: 'DropColumn', schema, table: t, column: old.name });
        this.add('addColumns', { kind: 'AddColumn', schema, table: t, column: c });
        if (c.comment !== undefined) this.add('comments', { kind: 'CommentOnColumn', schema, table: t, column: c.name, comment: c.comment });
        return;
      }
    }
    if (!old.nullable && c.nullable) this.add('alterColumns', { kind: 'DropNotNull', schema, table: t, column: c.name });
    const oldType = this.mappedType(old.type);
    const typeChanged = !same(oldType, c.type);
    const defaultChanged = !same(old.default ?? null, c.default ?? null);
    const widening = typeChanged && isWidening(old.type, c.type);
    if (typeChanged && !widening) {
      // A default of the old type may not convert: drop it around the conversion.
      if (old.default !== undefined) this.add('alterColumns', { kind: 'DropDefault', schema, table: t, column: c.name });
      this.add('alterColumns', { kind: 'AlterColumnType', schema, table: t, column: c, from: old.type, lossy: !widening, ...(!widening && c.using !== undefined && { using: c.using }) });
      this.destroy({ kind: 'column', table: t, column: c.name }, `change the type of ${t}.${c.name} (a narrowing or lossy conversion)`, c.pos);
      if (c.default !== undefined) this.add('alterColumns', { kind: 'SetDefault', schema, table: t, column: c });
    } else {
      if (widening) this.add('alterColumns', { kind: 'AlterColumnType', schema, table: t, column: c, from: old.type, lossy: false });
      // PostgreSQL keeps the default's old cast (`'x'::character varying`): set it again under the new type.
      if (defaultChanged || (widening && c.default !== undefined)) {
        this.add('alterColumns', c.default === undefined ? { kind: 'DropDefault', schema, table: t, column: c.name } : { kind: 'SetDefault', schema, table: t, column: c });
      }
    }
    if (old.nullable && !c.nullable) {
      if (c.default !== undefined) this.add('alterColumns', { kind: 'SetNotNull', schema, table: t, column: c.name, backfill: c });
      else {
        this.add('late', { kind: 'SetNotNull', schema, table: t, column: c.name });
        this.destroy({ kind: 'column', table: t, column: c.name }, `make ${t}.${c.name} NOT NULL without a default to fill existing NULLs`, c.pos);
      }
    }
    if ((old.comment ?? null) !== (c.comment ?? null)) this.add('comments', { kind: 'CommentOnColumn', schema, table: t, column: c.name, comment: c.comment ?? null });
  }

  /** A previous enum type seen under its current name, so an enum rename alone is no type change. */
  private mappedType(type: Column['type']): Column['type'] {
    if (type.base !== 'enum' || type.enumName === undefined) return type;
    const renamed = this.enumRenames().get(type.enumName);
    return renamed === undefined ? type : { ...type, enumName: renamed };
  }

  // ---- keys, checks, foreign keys, indexes --------------------------------

  private mapColumns(table: string, columns: readonly string[]): string[] {
    return columns.map((c) => this.columnMap.get(`${table}\0${c}`) ?? c);
  }

  private diffKeys(before: Table, after: Table): void {
    const t = after.name;
    const schema = this.schema;
    const sigKey = (k: KeyConstraint) => this.mapColumns(t, k.columns).join(',');
    this.diffNamed(
      t,
      before.primaryKey ? [before.primaryKey] : [],
      after.primaryKey ? [after.primaryKey] : [],
      (k) => `P|${sigKey(k)}`,
      (k) => `P|${k.columns.join(',')}`,
      (k) => this.add('addConstraints', { kind: 'AddPrimaryKey', schema, table: t, key: k }),
      (k) => {
        this.add('dropConstraints', { kind: 'DropConstraint', schema, table: t, name: k.name, what: 'primary key' });
        this.droppedKeysOf.add(before.name);
      },
      'renameKeys',
      (from, to) => ({ kind: 'RenameConstraint', schema, table: t, from, to }),
    );
    this.diffNamed(
      t, before.uniques, after.uniques,
      (k) => `U|${sigKey(k)}`, (k) => `U|${k.columns.join(',')}`,
      (k) => this.add('addConstraints', { kind: 'AddUnique', schema, table: t, key: k }),
      (k) => {
        this.add('dropConstraints', { kind: 'DropConstraint', schema, table: t, name: k.name, what: 'unique constraint' });
        this.droppedKeysOf.add(before.name);
      },
      'renameKeys',
      (from, to) => ({ kind: 'RenameConstraint', schema, table: t, from, to }),
    );
    this.diffNamed(
      t, before.checks, after.checks,
      (c) => `C|${c.expression}`, (c) => `C|${c.expression}`,
      (c) => this.add('addConstraints', { kind: 'AddCheck', schema, table: t, check: c }),
      (c) => this.add('dropConstraints', { kind: 'DropConstraint', schema, table: t, name: c.name, what: 'check' }),
      'renameKeys',
      (from, to) => ({ kind: 'RenameConstraint', schema, table: t, from, to }),
    );
    const fkSig = (fk: ForeignKey, mapped: boolean) => {
      const ref = mapped ? this.tableMap.get(fk.refTable) ?? fk.refTable : fk.refTable;
      const cols = mapped ? this.mapColumns(t, fk.columns) : fk.columns;
      const refCols = mapped ? this.mapColumns(ref, fk.refColumns) : fk.refColumns;
      return `F|${cols.join(',')}|${ref}|${refCols.join(',')}|${fk.onDelete}`;
    };
    this.diffNamed(
      t, before.foreignKeys, after.foreignKeys,
      (fk) => fkSig(fk, true), (fk) => fkSig(fk, false),
      (fk) => this.add('addForeignKeys', { kind: 'AddForeignKey', schema, table: t, foreignKey: fk }),
      (fk) => this.add('dropForeignKeys', { kind: 'DropConstraint', schema, table: t, name: fk.name, what: 'foreign key' }),
      'renameKeys',
      (from, to) => ({ kind: 'RenameConstraint', schema, table: t, from, to }),
    );
    const ixSig = (i: Index, cols: readonly string[]) => `I|${i.unique}|${cols.join(',')}|${i.where ?? ''}`;
    this.diffNamed(
      t, before.indexes, after.indexes,
      (i) => ixSig(i, this.mapColumns(t, i.columns)), (i) => ixSig(i, i.columns),
      (i) => this.add('createIndexes', { kind: 'CreateIndex', schema, table: t, index: i }),
      (i) => this.add('dropIndexes', { kind: 'DropIndex', schema, name: i.name }),
      'renameKeys',
      (from, to) => ({ kind: 'RenameIndex', schema, from, to }),
      // An index over a generated column that is dropped and re-added must be rebuilt.
      (i) => i.columns.some((c) => this.rebuiltColumns(t).has(c)),
    );
  }

  private rebuiltColumns(table: string): Set<string> {
    const names = new Set<string>();
    for (const c of this.buckets.get('dropGenerated')!) if (c.kind === 'DropColumn' && c.table === table) names.add(c.column);
    return names;
  }

  /**
   * Matches named things of one kind between versions: same name and same
   * signature: nothing; same signature under another name: a rename; the
   * rest: drop the old, add the new.
   */
  private diffNamed<T extends { readonly name: string }>(
    _table: string,
    before: readonly T[],
    after: readonly T[],
    prevSig: (x: T) => string,
    curSig: (x: T) => string,
    addNew: (x: T) => void,
    dropOld: (x: T) => void,
    renameBucket: Bucket,
    rename: (from: string, to: string) => Change,
    forceRebuild: (x: T) => boolean = () => false,
  ): void {
    const used = new Set<T>();
    const pending: T[] = [];
    for (const x of after) {
      const byName = before.find((b) => b.name === x.name);
      if (byName && prevSig(byName) === curSig(x) && !forceRebuild(x)) {
        used.add(byName);
        continue;
      }
      pending.push(x);
    }
    for (const x of pending) {
      const bySig = before.find((b) => !used.has(b) && prevSig(b) === curSig(x) && !after.some((a) => a.name === b.name && a !== x) && !forceRebuild(x));
      if (bySig) {
        used.add(bySig);
        this.add(renameBucket, rename(bySig.name, x.name));
      } else addNew(x);
    }
    for (const b of before) if (!used.has(b)) dropOld(b);
  }

  /** Dropping a key that foreign keys use needs those foreign keys dropped first and added back after. */
  private forceForeignKeysOnDroppedKeys(): void {
    if (this.droppedKeysOf.size === 0) return;
    const dropped = new Set(this.buckets.get('dropForeignKeys')!.map((c) => (c.kind === 'DropConstraint' ? `${c.table}\0${c.name}` : '')));
    for (const table of this.prev.tables) {
      const current = this.tableMap.get(table.name);
      for (const fk of table.foreignKeys) {
        if (!this.droppedKeysOf.has(fk.refTable) || current === undefined) continue;
        const curTable = tableOf(this.cur, current)!;
        const now = curTable.foreignKeys.find((f) => f.name === fk.name || same(f.columns, this.mapColumns(current, fk.columns)));
        if (!dropped.has(`${current}\0${fk.name}`)) this.add('dropForeignKeys', { kind: 'DropConstraint', schema: this.schema, table: current, name: fk.name, what: 'foreign key' });
        const readded = this.buckets.get('addForeignKeys')!.some((c) => c.kind === 'AddForeignKey' && c.table === current && c.foreignKey.name === now?.name);
        if (now && !readded) this.add('addForeignKeys', { kind: 'AddForeignKey', schema: this.schema, table: current, foreignKey: now });
        this.buckets.set('renameKeys', this.buckets.get('renameKeys')!.filter((c) => !(c.kind === 'RenameConstraint' && c.table === current && c.from === fk.name)));
      }
    }
  }

  // ---- enum types ---------------------------------------------------------

  private renames?: Map<string, string>;

  /** previous enum name -> current name, when a column keeps its enum but the type's name changed. */
  private enumRenames(): Map<string, string> {
    if (this.renames) return this.renames;
    const renames = new Map<string, string>();
    for (const table of this.cur.tables) {
      const prevTable = [...this.tableMap].find(([, n]) => n === table.name)?.[0];
      if (prevTable === undefined) continue;
      const before = tableOf(this.prev, prevTable)!;
      for (const c of table.columns) {
        if (c.type.base !== 'enum') continue;
        const prevColName = [...this.columnMap].find(([k, v]) => k.startsWith(`${table.name}\0`) && v === c.name)?.[0].split('\0')[1] ?? c.name;
        const old = columnOf(before, prevColName);
        const from = old?.type.base === 'enum' ? old.type.enumName : undefined;
        const to = c.type.enumName;
        if (from && to && from !== to && !this.cur.enums.some((e) => e.name === from) && !this.prev.enums.some((e) => e.name === to) && !renames.has(from))
          renames.set(from, to);
      }
    }
    this.renames = renames;
    return renames;
  }

  private diffEnums(): void {
    const schema = this.schema;
    const renames = this.enumRenames();
    for (const [from, to] of renames) this.add('renameEnums', { kind: 'RenameEnum', schema, from, to });
    for (const e of this.cur.enums) {
      const prevName = [...renames].find(([, to]) => to === e.name)?.[0] ?? e.name;
      const old = this.prev.enums.find((p) => p.name === prevName);
      if (!old) {
        this.add('enums', { kind: 'CreateEnum', schema, enum: e });
        continue;
      }
      if (same(old.values, e.values)) continue;
      if (isOrderedSubset(old.values, e.values)) {
        e.values.forEach((value, i) => {
          if (old.values.includes(value)) return;
          const anchor = e.values[i + 1] !== undefined && old.values.includes(e.values[i + 1]!) ? { before: e.values[i + 1]! } : i > 0 ? { after: e.values[i - 1]! } : { before: e.values[i + 1]! };
          this.add('enums', { kind: 'AddEnumValue', schema, enum: e.name, value, ...anchor });
        });
        continue;
      }
      this.add('enums', this.recreate(e));
      const removed = old.values.filter((v) => !e.values.includes(v));
      this.destroy({ kind: 'enum', name: e.name }, removed.length ? `remove value(s) ${removed.map((v) => `'${v}'`).join(', ')} from enum type ${e.name}` : `reorder the values of enum type ${e.name}`, e.pos);
    }
    for (const old of this.prev.enums)
      if (!this.cur.enums.some((e) => e.name === old.name) && !renames.has(old.name)) this.add('dropEnums', { kind: 'DropEnum', schema, name: old.name });
  }

  /** A rebuild of `e`, converting every existing column that uses it. */
  private recreate(e: EnumType): Change {
    const columns: { table: string; column: Column }[] = [];
    for (const table of this.cur.tables) {
      if (![...this.tableMap.values()].includes(table.name)) continue;
      for (const c of table.columns) {
        if (c.type.base !== 'enum' || c.type.enumName !== e.name) continue;
        const added = this.buckets.get('addColumns')!.some((x) => x.kind === 'AddColumn' && x.table === table.name && x.column.name === c.name);
        if (!added) columns.push({ table: table.name, column: c });
      }
    }
    return { kind: 'RecreateEnum', schema: this.schema, enum: e, columns };
  }

  /**
   * PostgreSQL cannot use an enum value added by ALTER TYPE ... ADD VALUE in
   * the transaction that added it: when this migration's defaults or seeds
   * use a new value, the type is rebuilt instead (all in one transaction).
   */
  private useRebuildWhereNewEnumValuesAreUsed(): void {
    const enums = this.buckets.get('enums')!;
    const added = new Map<string, Set<string>>();
    for (const c of enums) if (c.kind === 'AddEnumValue') (added.get(c.enum) ?? added.set(c.enum, new Set()).get(c.enum)!).add(c.value);
    if (added.size === 0) return;
    const usedIn = (enumName: string, values: Set<string>): boolean => {
      const hit = (v: unknown): boolean => (typeof v === 'string' ? values.has(v) : Array.isArray(v) && v.some(hit));
      const columnUses = (c: Column) => c.type.enumName === enumName && c.default?.kind === 'value' && hit(c.default.value);
      for (const b of ORDER)
        for (const ch of this.buckets.get(b)!) {
          if ((ch.kind === 'AddColumn' || ch.kind === 'SetDefault') && columnUses(ch.column)) return true;
          if (ch.kind === 'CreateTable' && ch.table.columns.some(columnUses)) return true;
          if (ch.kind === 'InsertSeeds' || ch.kind === 'UpsertSeeds') {
            const cols = ch.table.columns.filter((c) => c.type.enumName === enumName).map((c) => c.name);
            if (ch.seeds.rows.some((row) => cols.some((c) => row[c]?.kind === 'value' && hit(row[c]!.value)))) return true;
          }
        }
      return false;
    };
    for (const [enumName, values] of added) {
      if (!usedIn(enumName, values)) continue;
      const e = this.cur.enums.find((x) => x.name === enumName)!;
      const rest = this.buckets.get('enums')!.filter((c) => !(c.kind === 'AddEnumValue' && c.enum === enumName));
      rest.push(this.recreate(e));
      this.buckets.set('enums', rest);
    }
  }

  // ---- data fields ----------------------------------------------------------

  private diffDataFields(): void {
    const prev = this.previous.dataFields;
    const cur = this.next.dataFields;
    const matched = new Set<string>();
    for (const f of cur) {
      if (prev.some((p) => p.key === f.key)) {
        matched.add(f.key);
        continue;
      }
      if (f.renamedFrom === undefined) continue;
      const old = prev.find((p) => p.key === f.renamedFrom && !cur.some((c) => c.key === p.key));
      if (!old) {
        this.diagnostics.push(diagnostic('FS2005', f.pos ?? this.next.pos!, `data field '${f.key}' is renamedFrom '${f.renamedFrom}', but version ${this.previous.version} has no such data field`, 'remove renamedFrom, or name the field as it was in the previous version'));
        continue;
      }
      matched.add(old.key);
      this.add('dataRewrites', { kind: 'RenameDataField', schema: this.schema, from: old.key, to: f.key });
    }
    for (const p of prev) {
      if (matched.has(p.key)) continue;
      this.add('dataRewrites', { kind: 'RemoveDataField', schema: this.schema, key: p.key });
      this.destroy({ kind: 'data', field: p.key }, `drop data field ${p.key} (its values are removed from every data document)`, this.next.pos);
    }
  }

  // ---- seeds ----------------------------------------------------------------

  private diffSeeds(): void {
    for (const seeds of this.cur.seeds) {
      const table = tableOf(this.cur, seeds.table)!;
      const prevName = [...this.tableMap].find(([, n]) => n === seeds.table)?.[0];
      const prevSeeds: SeedSet | undefined = prevName === undefined ? undefined : this.prev.seeds.find((s) => s.table === prevName);
      const created = this.buckets.get('createTables')!.some((c) => c.kind === 'CreateTable' && c.table.name === table.name);
      const prevRows = (prevSeeds?.rows ?? []).map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [this.columnMap.get(`${table.name}\0${k}`) ?? k, v])));
      const pk = table.primaryKey?.columns;
      const changed = seeds.rows.filter((row) => {
        if (pk) {
          const old = prevRows.find((p) => pk.every((c) => key(p[c]) === key(row[c])));
          return !old || key(old) !== key(row);
        }
        return !prevRows.some((p) => key(p) === key(row));
      });
      if (changed.length === 0) continue;
      const set = { ...seeds, rows: changed };
      this.add('seeds', created || !pk ? { kind: 'InsertSeeds', schema: this.schema, table, seeds: set } : { kind: 'UpsertSeeds', schema: this.schema, table, seeds: set });
    }
  }
}
