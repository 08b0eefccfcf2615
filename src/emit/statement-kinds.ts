import { migrationSteps, parseSql } from '../model/index.ts';
import type { Change, PlannedStep } from '../plan/index.ts';

/** One statement a change renders to: its parse-node type and, for a table, how many elements or commands it has. */
export interface ExpectedStatement {
  readonly kind: string;
  /** CreateStmt: columns and table constraints; AlterTableStmt: commands */
  readonly parts?: number;
}

/**
 * The statements (PostgreSQL parse-node types, in order) that one change must
 * render to. A rendered migration file is parsed again and must be exactly
 * these, so no template bug and no name or value can ever let text end a
 * statement and start another, or add a column, constraint or command to one.
 */
export function expectedStatements(change: Change): readonly ExpectedStatement[] {
  return statementKinds(change).map((kind, i) => ({ kind, ...partsOf(change, kind, i) }));
}

function partsOf(change: Change, kind: string, index: number): { parts?: number } {
  if (kind === 'CreateStmt' && change.kind === 'CreateTable') {
    const t = change.table;
    return { parts: t.columns.length + (t.primaryKey ? 1 : 0) + t.uniques.length + t.checks.length };
  }
  if (kind !== 'AlterTableStmt') return {};
  // A rebuilt enum's column: DROP DEFAULT, TYPE, SET DEFAULT when it has a default (statements 2.. of the change).
  if (change.kind === 'RecreateEnum') return { parts: change.columns[index - 2]!.column.default !== undefined ? 3 : 1 };
  return { parts: 1 };
}

function statementKinds(change: Change): readonly string[] {
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
    case 'Backfill':
      return ['UpdateStmt'];
    case 'AddColumn':
    case 'ValidateConstraint':
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

/**
 * Parses a rendered migration and compares its statements with the plan's,
 * kind by kind; with `steps`, also its steps as the runtime will read them
 * (markers, modes, each step's statements), and that CONCURRENTLY appears
 * exactly where a step of its own runs it outside a transaction.
 */
export function verifyMigration(file: string, sql: string, changes: readonly Change[], steps?: readonly PlannedStep[]): void {
  verifyStatements(file, sql, changes);
  if (!steps) return;
  let read;
  try {
    read = migrationSteps(file, sql);
  } catch (error) {
    throw new GeneratedSqlError(file, (error as Error).message);
  }
  if (read.length !== steps.length || read.some((s, i) => s.mode !== steps[i]!.mode))
    throw new GeneratedSqlError(file, `the runtime would read ${read.length} step(s) (${read.map((s) => s.mode).join(', ')}) where the plan has ${steps.length} (${steps.map((s) => s.mode).join(', ')})`);
  read.forEach((step, i) => {
    const where = `${file}, step ${step.number}`;
    verifyStatements(where, step.sql, steps[i]!.changes);
    const parsed = parseSql(step.sql);
    const concurrent = parsed.ok ? parsed.statements.filter((st) => (st.node as { concurrent?: boolean }).concurrent === true).length : 0;
    const want = step.mode === 'concurrently' ? 1 : 0;
    if (concurrent !== want || (step.mode === 'concurrently' && parsed.ok && parsed.statements.length !== 1))
      throw new GeneratedSqlError(where, `${concurrent} statement(s) run CONCURRENTLY in a ${step.mode} step (${want} expected, alone in its step)`);
  });
}

function verifyStatements(file: string, sql: string, changes: readonly Change[]): void {
  const expected = changes.flatMap(expectedStatements);
  const parsed = parseSql(sql);
  if (!parsed.ok) throw new GeneratedSqlError(file, `it does not parse (${parsed.message})`);
  const actual = parsed.statements.map((s) => s.kind);
  if (actual.length !== expected.length || actual.some((kind, i) => kind !== expected[i]!.kind))
    throw new GeneratedSqlError(file, `PostgreSQL reads ${actual.length} statement(s) (${actual.join(', ')}) where the plan has ${expected.length} (${expected.map((e) => e.kind).join(', ')})`);
  parsed.statements.forEach((statement, i) => {
    const want = expected[i]!.parts;
    if (want === undefined) return;
    const node = statement.node as { tableElts?: unknown[]; cmds?: unknown[] };
    const got = (statement.kind === 'CreateStmt' ? node.tableElts : node.cmds)?.length ?? 0;
    if (got !== want) throw new GeneratedSqlError(file, `statement ${i + 1} (${statement.kind}) has ${got} ${statement.kind === 'CreateStmt' ? 'columns and constraints' : 'commands'} where the plan has ${want}`);
  });
}
