import { quoteIdent, type Column } from '../model/index.ts';
import type { Change } from '../plan/index.ts';
import { renderStatement } from './templates.ts';
import { columnTypeSql } from './types.ts';
import { columnValueSql } from './values.ts';

/** One change as one SQL statement (ending in `;`). */
export function changeSql(change: Change): string {
  const schema = change.schema;
  switch (change.kind) {
    case 'CreateSchema':
      return renderStatement('create-schema', { schema });
    case 'CreateEnum':
      return renderStatement('create-enum', { schema, name: change.enum.name, values: change.enum.values });
    case 'CreateTable': {
      const t = change.table;
      const lines = t.columns.map((c) => columnDefinitionSql(c, schema));
      if (t.primaryKey) lines.push(`CONSTRAINT ${quoteIdent(t.primaryKey.name)} PRIMARY KEY (${t.primaryKey.columns.map(quoteIdent).join(', ')})`);
      for (const u of t.uniques) lines.push(`CONSTRAINT ${quoteIdent(u.name)} UNIQUE (${u.columns.map(quoteIdent).join(', ')})`);
      for (const ch of t.checks) lines.push(`CONSTRAINT ${quoteIdent(ch.name)} CHECK (${ch.expression})`);
      return renderStatement('create-table', { schema, name: t.name, lines });
    }
    case 'AddForeignKey': {
      const fk = change.foreignKey;
      return renderStatement('add-foreign-key', {
        schema, table: change.table, name: fk.name, columns: fk.columns, refTable: fk.refTable, refColumns: fk.refColumns,
        onDelete: fk.onDelete === 'no action' ? '' : fk.onDelete.toUpperCase(),
      });
    }
    case 'CreateIndex':
      return renderStatement('create-index', { schema, table: change.table, name: change.index.name, columns: change.index.columns, unique: change.index.unique, where: change.index.where ?? '' });
    case 'CommentOnTable':
      return renderStatement('comment-on-table', { schema, table: change.table, comment: change.comment ?? '', hasComment: change.comment !== null });
    case 'CommentOnColumn':
      return renderStatement('comment-on-column', { schema, table: change.table, column: change.column, comment: change.comment ?? '', hasComment: change.comment !== null });
    case 'InsertSeeds': {
      const table = change.table;
      const used = table.columns.filter((c) => change.seeds.rows.some((row) => c.name in row));
      const rows = change.seeds.rows.map((row) =>
        used.map((c) => (c.name in row ? columnValueSql(row[c.name]!, c.type, schema) : 'DEFAULT')).join(', '),
      );
      return renderStatement('insert-seeds', { schema, table: table.name, columns: used.map((c) => c.name), rows });
    }
  }
}

export function columnDefinitionSql(c: Column, schema: string): string {
  let sql = `${quoteIdent(c.name)} ${columnTypeSql(c.type, schema)}`;
  if (c.identity) sql += ' GENERATED ALWAYS AS IDENTITY';
  if (c.generated !== undefined) sql += ` GENERATED ALWAYS AS (${c.generated}) STORED`;
  if (c.default !== undefined) sql += ` DEFAULT ${columnValueSql(c.default, c.type, schema)}`;
  if (!c.nullable) sql += ' NOT NULL';
  return sql;
}
