import { quoteIdent, type Column } from '../model/index.ts';
import type { Change } from '../plan/index.ts';
import { composed } from './sql-text.ts';
import { renderStatement } from './templates.ts';
import { columnTypeSql } from './types.ts';
import { columnValueSql } from './values.ts';

/** The temporary name an enum type takes while it is rebuilt (one at a time, inside one transaction). */
const OLD_ENUM = 'flowschema_enum_being_replaced';

/** One change as SQL: one statement (ending in `;`), a few for an enum rebuild, the author's text for before/after SQL. */
export function changeSql(change: Change, version = ''): string {
  const schema = change.schema;
  const alter = (table: string, action: string) => renderStatement('alter-table', { schema, table, action: composed(action) });
  const idents = (names: readonly string[]) => names.map(quoteIdent).join(', ');
  switch (change.kind) {
    case 'CreateSchema':
      return renderStatement('create-schema', { schema });
    case 'RunSql': {
      const sql = change.sql.trim();
      // The author's SQL, parsed when the definition was read; verifyMigration checks its statements again.
      return renderStatement('run-sql', { label: change.label, version, text: composed(sql.endsWith(';') ? sql : `${sql};`) });
    }
    case 'CreateEnum':
      return renderStatement('create-enum', { schema, name: change.enum.name, values: change.enum.values });
    case 'RenameEnum':
      return renderStatement('rename-enum', { schema, from: change.from, to: change.to });
    case 'AddEnumValue':
      return renderStatement('add-enum-value', { schema, enum: change.enum, value: change.value, before: change.before ?? '', after: change.after ?? '' });
    case 'RecreateEnum':
      return renderStatement('recreate-enum', {
        schema,
        name: change.enum.name,
        oldName: OLD_ENUM,
        values: change.enum.values,
        columns: change.columns.map(({ table, column }) => ({
          table,
          column: column.name,
          array: column.type.array,
          type: composed(columnTypeSql(column.type, schema)),
          hasDefault: column.default !== undefined,
          default: composed(column.default === undefined ? '' : columnValueSql(column.default, column.type, schema)),
        })),
      });
    case 'DropEnum':
      return renderStatement('drop-enum', { schema, name: change.name });
    case 'CreateTable': {
      const t = change.table;
      const lines = t.columns.map((c) => columnDefinitionSql(c, schema));
      if (t.primaryKey) lines.push(`CONSTRAINT ${quoteIdent(t.primaryKey.name)} PRIMARY KEY (${idents(t.primaryKey.columns)})`);
      for (const u of t.uniques) lines.push(`CONSTRAINT ${quoteIdent(u.name)} UNIQUE (${idents(u.columns)})`);
      for (const ch of t.checks) lines.push(`CONSTRAINT ${quoteIdent(ch.name)} CHECK (${ch.expression})`);
      return renderStatement('create-table', { schema, name: t.name, lines: lines.map(composed) });
    }
    case 'RenameTable':
      return renderStatement('rename-table', { schema, from: change.from, to: change.to });
    case 'DropTable':
      return renderStatement('drop-table', { schema, table: change.table });
    case 'AddColumn':
      return alter(change.table, `ADD COLUMN ${columnDefinitionSql(change.column, schema)}`);
    case 'DropColumn':
      return alter(change.table, `DROP COLUMN ${quoteIdent(change.column)}`);
    case 'RenameColumn':
      return alter(change.table, `RENAME COLUMN ${quoteIdent(change.from)} TO ${quoteIdent(change.to)}`);
    case 'AlterColumnType': {
      const c = change.column;
      const type = columnTypeSql(c.type, schema);
      const using = change.lossy ? ` USING ${change.using ?? `${quoteIdent(c.name)}::${type}`}` : '';
      return alter(change.table, `ALTER COLUMN ${quoteIdent(c.name)} TYPE ${type}${using}`);
    }
    case 'SetNotNull': {
      const set = alter(change.table, `ALTER COLUMN ${quoteIdent(change.column)} SET NOT NULL`);
      if (!change.backfill?.default) return set;
      const value = columnValueSql(change.backfill.default, change.backfill.type, schema);
      return `${renderStatement('backfill', { schema, table: change.table, column: change.column, value: composed(value) })}\n${set}`;
    }
    case 'Backfill':
      return renderStatement('backfill', { schema, table: change.table, column: change.column.name, value: composed(columnValueSql(change.column.default!, change.column.type, schema)) });
    case 'DropNotNull':
      return alter(change.table, `ALTER COLUMN ${quoteIdent(change.column)} DROP NOT NULL`);
    case 'SetDefault':
      return alter(change.table, `ALTER COLUMN ${quoteIdent(change.column.name)} SET DEFAULT ${columnValueSql(change.column.default!, change.column.type, schema)}`);
    case 'DropDefault':
      return alter(change.table, `ALTER COLUMN ${quoteIdent(change.column)} DROP DEFAULT`);
    case 'AddPrimaryKey':
    case 'AddUnique': {
      const key = change.kind === 'AddPrimaryKey' ? 'PRIMARY KEY' : 'UNIQUE';
      const name = quoteIdent(change.key.name);
      return alter(change.table, `ADD CONSTRAINT ${name} ${key} ${change.usingIndex !== undefined ? `USING INDEX ${quoteIdent(change.usingIndex)}` : `(${idents(change.key.columns)})`}`);
    }
    case 'AddCheck':
      return alter(change.table, `ADD CONSTRAINT ${quoteIdent(change.check.name)} CHECK (${change.check.expression})${change.notValid ? ' NOT VALID' : ''}`);
    case 'ValidateConstraint':
      return alter(change.table, `VALIDATE CONSTRAINT ${quoteIdent(change.name)}`);
    case 'DropConstraint':
      return alter(change.table, `DROP CONSTRAINT ${change.ifExists ? 'IF EXISTS ' : ''}${quoteIdent(change.name)}`);
    case 'RenameConstraint':
      return alter(change.table, `RENAME CONSTRAINT ${quoteIdent(change.from)} TO ${quoteIdent(change.to)}`);
    case 'AddForeignKey': {
      const fk = change.foreignKey;
      return renderStatement('add-foreign-key', {
        schema, table: change.table, name: fk.name, columns: fk.columns, refTable: fk.refTable, refColumns: fk.refColumns,
        onDelete: fk.onDelete === 'no action' ? '' : fk.onDelete.toUpperCase(), notValid: change.notValid === true,
      });
    }
    case 'CreateIndex':
      return renderStatement('create-index', { schema, table: change.table, name: change.index.name, columns: change.index.columns, unique: change.index.unique, where: change.index.where === undefined ? '' : composed(change.index.where), concurrently: change.concurrently === true });
    case 'DropIndex':
      return renderStatement('drop-index', { schema, name: change.name, concurrently: change.concurrently === true });
    case 'RenameIndex':
      return renderStatement('rename-index', { schema, from: change.from, to: change.to });
    case 'CommentOnTable':
      return renderStatement('comment-on-table', { schema, table: change.table, comment: change.comment ?? '', hasComment: change.comment !== null });
    case 'CommentOnColumn':
      return renderStatement('comment-on-column', { schema, table: change.table, column: change.column, comment: change.comment ?? '', hasComment: change.comment !== null });
    case 'InsertSeeds':
    case 'UpsertSeeds': {
      const table = change.table;
      const used = table.columns.filter((c) => change.seeds.rows.some((row) => c.name in row));
      const rows = change.seeds.rows.map((row) => composed(used.map((c) => (c.name in row ? columnValueSql(row[c.name]!, c.type, schema) : 'DEFAULT')).join(', ')));
      const columns = used.map((c) => c.name);
      if (change.kind === 'InsertSeeds') return renderStatement('insert-seeds', { schema, table: table.name, columns, rows });
      const keys = table.primaryKey!.columns;
      return renderStatement('upsert-seeds', { schema, table: table.name, columns, rows, keys, updates: columns.filter((c) => !keys.includes(c)) });
    }
    case 'RenameDataField':
      return renderStatement('rename-data-field', { schema, from: change.from, to: change.to });
    case 'RemoveDataField':
      return renderStatement('remove-data-field', { schema, key: change.key });
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

