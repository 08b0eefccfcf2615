import type { SchemaModel } from '../model/index.ts';
import type { Change } from './changes.ts';

/**
 * The changes that build a flow schema from nothing, in dependency order:
 * schema, enum types, tables (with keys and checks), foreign keys once every
 * table exists, indexes, comments, then seed rows.
 */
export function createSchemaChanges(model: SchemaModel): Change[] {
  const schema = model.schema;
  const changes: Change[] = [{ kind: 'CreateSchema', schema }];
  for (const e of model.enums) changes.push({ kind: 'CreateEnum', schema, enum: e });
  for (const table of model.tables) changes.push({ kind: 'CreateTable', schema, table: { ...table, foreignKeys: [], indexes: [] } });
  for (const table of model.tables)
    for (const foreignKey of table.foreignKeys) changes.push({ kind: 'AddForeignKey', schema, table: table.name, foreignKey });
  for (const table of model.tables)
    for (const index of table.indexes) changes.push({ kind: 'CreateIndex', schema, table: table.name, index });
  for (const table of model.tables) {
    if (table.comment !== undefined) changes.push({ kind: 'CommentOnTable', schema, table: table.name, comment: table.comment });
    for (const column of table.columns)
      if (column.comment !== undefined) changes.push({ kind: 'CommentOnColumn', schema, table: table.name, column: column.name, comment: column.comment });
  }
  for (const seeds of model.seeds) {
    const table = model.tables.find((t) => t.name === seeds.table);
    if (table && seeds.rows.length > 0) changes.push({ kind: 'InsertSeeds', schema, table, seeds });
  }
  return changes;
}
