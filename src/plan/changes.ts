import type { CheckConstraint, Column, EnumType, ForeignKey, Index, KeyConstraint, SeedSet, Table } from '../model/index.ts';

/**
 * Typed schema changes, in the style of Atlas: the planner produces them,
 * `emit/` renders each to SQL, and each can describe itself in words.
 * Every change names the flow schema it acts in.
 */
export type Change =
  | { readonly kind: 'CreateSchema'; readonly schema: string }
  | { readonly kind: 'RunSql'; readonly schema: string; readonly label: 'before' | 'after'; readonly sql: string }
  // enum types
  | { readonly kind: 'CreateEnum'; readonly schema: string; readonly enum: EnumType }
  | { readonly kind: 'RenameEnum'; readonly schema: string; readonly from: string; readonly to: string }
  | { readonly kind: 'AddEnumValue'; readonly schema: string; readonly enum: string; readonly value: string; readonly before?: string; readonly after?: string }
  /** Rebuild a type whose values were removed or reordered: columns are converted through text. */
  | { readonly kind: 'RecreateEnum'; readonly schema: string; readonly enum: EnumType; readonly columns: readonly { readonly table: string; readonly column: Column }[] }
  | { readonly kind: 'DropEnum'; readonly schema: string; readonly name: string }
  // tables
  | { readonly kind: 'CreateTable'; readonly schema: string; readonly table: Table }
  | { readonly kind: 'RenameTable'; readonly schema: string; readonly from: string; readonly to: string }
  | { readonly kind: 'DropTable'; readonly schema: string; readonly table: string }
  // columns
  | { readonly kind: 'AddColumn'; readonly schema: string; readonly table: string; readonly column: Column }
  | { readonly kind: 'DropColumn'; readonly schema: string; readonly table: string; readonly column: string }
  | { readonly kind: 'RenameColumn'; readonly schema: string; readonly table: string; readonly from: string; readonly to: string }
  | { readonly kind: 'AlterColumnType'; readonly schema: string; readonly table: string; readonly column: Column; readonly from: Column['type']; /** not a widening cast: converted with USING */ readonly lossy: boolean; readonly using?: string }
  | { readonly kind: 'SetNotNull'; readonly schema: string; readonly table: string; readonly column: string; readonly backfill?: Column }
  /** NULLs of a column set to its default (the first half of a SetNotNull with a backfill, in an online migration) */
  | { readonly kind: 'Backfill'; readonly schema: string; readonly table: string; readonly column: Column }
  | { readonly kind: 'DropNotNull'; readonly schema: string; readonly table: string; readonly column: string }
  | { readonly kind: 'SetDefault'; readonly schema: string; readonly table: string; readonly column: Column }
  | { readonly kind: 'DropDefault'; readonly schema: string; readonly table: string; readonly column: string }
  // keys, checks, foreign keys, indexes
  /** usingIndex: made from this unique index, built CONCURRENTLY in an earlier step (online.ts), which takes the key's name */
  | { readonly kind: 'AddPrimaryKey'; readonly schema: string; readonly table: string; readonly key: KeyConstraint; readonly usingIndex?: string }
  | { readonly kind: 'AddUnique'; readonly schema: string; readonly table: string; readonly key: KeyConstraint; readonly usingIndex?: string }
  /** notValid: enforced for new rows, existing rows checked by a later ValidateConstraint */
  | { readonly kind: 'AddCheck'; readonly schema: string; readonly table: string; readonly check: CheckConstraint; readonly notValid?: boolean }
  | { readonly kind: 'ValidateConstraint'; readonly schema: string; readonly table: string; readonly name: string }
  /** ifExists: moved to a later step of an online migration, where an earlier step may have dropped it with its column */
  | { readonly kind: 'DropConstraint'; readonly schema: string; readonly table: string; readonly name: string; readonly what: 'primary key' | 'unique constraint' | 'check' | 'foreign key'; readonly ifExists?: boolean }
  | { readonly kind: 'RenameConstraint'; readonly schema: string; readonly table: string; readonly from: string; readonly to: string }
  | { readonly kind: 'AddForeignKey'; readonly schema: string; readonly table: string; readonly foreignKey: ForeignKey; readonly notValid?: boolean }
  /** concurrently: outside any transaction, without blocking writes (a step of its own: online.ts) */
  | { readonly kind: 'CreateIndex'; readonly schema: string; readonly table: string; readonly index: Index; readonly concurrently?: boolean }
  | { readonly kind: 'DropIndex'; readonly schema: string; readonly name: string; readonly concurrently?: boolean }
  | { readonly kind: 'RenameIndex'; readonly schema: string; readonly from: string; readonly to: string }
  // comments and data
  | { readonly kind: 'CommentOnTable'; readonly schema: string; readonly table: string; readonly comment: string | null }
  | { readonly kind: 'CommentOnColumn'; readonly schema: string; readonly table: string; readonly column: string; readonly comment: string | null }
  | { readonly kind: 'InsertSeeds'; readonly schema: string; readonly table: Table; readonly seeds: SeedSet }
  | { readonly kind: 'UpsertSeeds'; readonly schema: string; readonly table: Table; readonly seeds: SeedSet }
  | { readonly kind: 'RenameDataField'; readonly schema: string; readonly from: string; readonly to: string }
  | { readonly kind: 'RemoveDataField'; readonly schema: string; readonly key: string };

export type ChangeKind = Change['kind'];

export function describeChange(change: Change): string {
  switch (change.kind) {
    case 'CreateSchema': return `create schema ${change.schema}`;
    case 'RunSql': return `run the version's ${change.label} SQL`;
    case 'CreateEnum': return `create enum type ${change.enum.name} (${change.enum.values.join(', ')})`;
    case 'RenameEnum': return `rename enum type ${change.from} to ${change.to}`;
    case 'AddEnumValue': return `add value '${change.value}' to enum type ${change.enum}`;
    case 'RecreateEnum': return `rebuild enum type ${change.enum.name} as (${change.enum.values.join(', ')})`;
    case 'DropEnum': return `drop enum type ${change.name}`;
    case 'CreateTable': return `create table ${change.table.name}`;
    case 'RenameTable': return `rename table ${change.from} to ${change.to}`;
    case 'DropTable': return `drop table ${change.table}`;
    case 'AddColumn': return `add column ${change.table}.${change.column.name}`;
    case 'DropColumn': return `drop column ${change.table}.${change.column}`;
    case 'RenameColumn': return `rename column ${change.table}.${change.from} to ${change.to}`;
    case 'AlterColumnType': return `change the type of ${change.table}.${change.column.name}`;
    case 'SetNotNull': return `make ${change.table}.${change.column} NOT NULL${change.backfill ? ' (backfilling NULLs with its default)' : ''}`;
    case 'Backfill': return `set the NULLs of ${change.table}.${change.column.name} to its default`;
    case 'DropNotNull': return `make ${change.table}.${change.column} nullable`;
    case 'SetDefault': return `set the default of ${change.table}.${change.column.name}`;
    case 'DropDefault': return `drop the default of ${change.table}.${change.column}`;
    case 'AddPrimaryKey': return `add primary key ${change.key.name} on ${change.table} (${change.key.columns.join(', ')})${change.usingIndex ? ' using its index' : ''}`;
    case 'AddUnique': return `add unique constraint ${change.key.name} on ${change.table} (${change.key.columns.join(', ')})${change.usingIndex ? ' using its index' : ''}`;
    case 'AddCheck': return `add check ${change.check.name} on ${change.table}${change.notValid ? ' (NOT VALID)' : ''}`;
    case 'ValidateConstraint': return `validate constraint ${change.name} on ${change.table}`;
    case 'DropConstraint': return `drop ${change.what} ${change.name} on ${change.table}`;
    case 'RenameConstraint': return `rename constraint ${change.table}.${change.from} to ${change.to}`;
    case 'AddForeignKey': return `add foreign key ${change.foreignKey.name} on ${change.table} (${change.foreignKey.columns.join(', ')}) -> ${change.foreignKey.refTable}${change.notValid ? ' (NOT VALID)' : ''}`;
    case 'CreateIndex': return `create ${change.index.unique ? 'unique ' : ''}index ${change.index.name} on ${change.table} (${change.index.columns.join(', ')})${change.concurrently ? ' concurrently' : ''}`;
    case 'DropIndex': return `drop index ${change.name}${change.concurrently ? ' concurrently' : ''}`;
    case 'RenameIndex': return `rename index ${change.from} to ${change.to}`;
    case 'CommentOnTable': return `${change.comment === null ? 'remove' : 'set'} the comment of table ${change.table}`;
    case 'CommentOnColumn': return `${change.comment === null ? 'remove' : 'set'} the comment of column ${change.table}.${change.column}`;
    case 'InsertSeeds': return `seed ${change.seeds.rows.length} row(s) into ${change.table.name}`;
    case 'UpsertSeeds': return `upsert ${change.seeds.rows.length} seed row(s) into ${change.table.name}`;
    case 'RenameDataField': return `rename data field ${change.from} to ${change.to} in every instance_data document`;
    case 'RemoveDataField': return `remove data field ${change.key} from every instance_data document`;
  }
}
