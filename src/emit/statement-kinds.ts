import { parseSql } from '../model/index.ts';
import type { Change } from '../plan/index.ts';

/**
 * The statements (PostgreSQL parse-node types, in order) that one change must
 * render to. A rendered migration file is parsed again and must be exactly
 * these, so no template bug and no name or value can ever let text end a
 * statement and start another.
 */
export function expectedStatements(change: Change): readonly string[] {
  switch (change.kind) {
    case 'CreateSchema':
      return ['CreateSchemaStmt'];
    case 'RunSql': {
      // The author's SQL (trusted, and parsed when the definition was read): whatever it holds.
      const parsed = parseSql(change.sql);
      if (!parsed.ok) throw new Error(`flowschema: the ${change.label} SQL of schema ${change.schema} does not parse: ${parsed.message}`);
      return parsed.statements.map((s) => s.kind);
    }
    case 'CreateEnum':
      return ['CreateEnumStmt'];
    case 'AddEnumValue':
      return ['AlterEnumStmt'];
    case 'RecreateEnum':
      return ['RenameStmt', 'CreateEnumStmt', ...change.columns.map(() => 'AlterTableStmt'), 'DropStmt'];
    case 'CreateTable':
      return ['CreateStmt'];
    case 'SetNotNull':
      return change.backfill?.default ? ['UpdateStmt', 'AlterTableStmt'] : ['AlterTableStmt'];
    case 'AddColumn':
    case 'DropColumn':
    case 'AlterColumnType':
    case 'DropNotNull':
    case 'SetDefault':
    case 'DropDefault':
    case 'AddPrimaryKey':
    case 'AddUnique':
    case 'AddCheck':
    case 'DropConstraint':
    case 'AddForeignKey':
      return ['AlterTableStmt'];
    case 'RenameEnum':
    case 'RenameTable':
    case 'RenameColumn':
    case 'RenameConstraint':
    case 'RenameIndex':
      return ['RenameStmt'];
    case 'DropEnum':
    case 'DropTable':
    case 'DropIndex':
      return ['DropStmt'];
    case 'CreateIndex':
      return ['IndexStmt'];
    case 'CommentOnTable':
    case 'CommentOnColumn':
      return ['CommentStmt'];
    case 'InsertSeeds':
    case 'UpsertSeeds':
      return ['InsertStmt'];
    case 'RenameDataField':
    case 'RemoveDataField':
      return ['UpdateStmt'];
  }
}

/** Thrown when a rendered migration is not the statements its plan produced: a flowschema bug, never written. */
export class GeneratedSqlError extends Error {
  constructor(file: string, detail: string) {
    super(`flowschema: refusing to write ${file}: ${detail} (a flowschema bug: please report it with the definition that caused it)`);
    this.name = 'GeneratedSqlError';
  }
}

/** Parses a rendered migration and compares its statements with the plan's, kind by kind. */
export function verifyMigration(file: string, sql: string, changes: readonly Change[]): void {
  const expected = changes.flatMap(expectedStatements);
  const parsed = parseSql(sql);
  if (!parsed.ok) throw new GeneratedSqlError(file, `it does not parse (${parsed.message})`);
  const actual = parsed.statements.map((s) => s.kind);
  if (actual.length !== expected.length || actual.some((kind, i) => kind !== expected[i]))
    throw new GeneratedSqlError(file, `PostgreSQL reads ${actual.length} statement(s) (${actual.join(', ')}) where the plan has ${expected.length} (${expected.join(', ')})`);
}
