import type { EnumType, ForeignKey, Index, SeedSet, Table } from '../model/index.ts';

/**
 * Typed schema changes, in the style of Atlas: the planner produces them,
 * `emit/` renders each to SQL, and each can describe itself in words.
 * Every change names the flow schema it acts in.
 */
export type Change =
  | { readonly kind: 'CreateSchema'; readonly schema: string }
  | { readonly kind: 'CreateEnum'; readonly schema: string; readonly enum: EnumType }
  | { readonly kind: 'CreateTable'; readonly schema: string; readonly table: Table }
  | { readonly kind: 'AddForeignKey'; readonly schema: string; readonly table: string; readonly foreignKey: ForeignKey }
  | { readonly kind: 'CreateIndex'; readonly schema: string; readonly table: string; readonly index: Index }
  | { readonly kind: 'CommentOnTable'; readonly schema: string; readonly table: string; readonly comment: string | null }
  | { readonly kind: 'CommentOnColumn'; readonly schema: string; readonly table: string; readonly column: string; readonly comment: string | null }
  | { readonly kind: 'InsertSeeds'; readonly schema: string; readonly table: Table; readonly seeds: SeedSet };

export type ChangeKind = Change['kind'];

export function describeChange(change: Change): string {
  switch (change.kind) {
    case 'CreateSchema': return `create schema ${change.schema}`;
    case 'CreateEnum': return `create enum type ${change.enum.name} (${change.enum.values.join(', ')})`;
    case 'CreateTable': return `create table ${change.table.name}`;
    case 'AddForeignKey': return `add foreign key ${change.foreignKey.name} on ${change.table} (${change.foreignKey.columns.join(', ')}) -> ${change.foreignKey.refTable}`;
    case 'CreateIndex': return `create ${change.index.unique ? 'unique ' : ''}index ${change.index.name} on ${change.table} (${change.index.columns.join(', ')})`;
    case 'CommentOnTable': return `${change.comment === null ? 'remove' : 'set'} the comment of table ${change.table}`;
    case 'CommentOnColumn': return `${change.comment === null ? 'remove' : 'set'} the comment of column ${change.table}.${change.column}`;
    case 'InsertSeeds': return `seed ${change.seeds.rows.length} row(s) into ${change.table.name}`;
  }
}
