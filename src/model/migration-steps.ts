import { quoteIdent } from './quote.ts';
import { loadSqlGrammar, parseSql, scanSql } from './sql-grammar.ts';

/**
 * The steps of a migration file. A migration that changes tables which may
 * already hold data is written in steps (docs/migrations.md, "Online
 * upgrades"), each introduced by a marker comment on a line of its own:
 *
 *     -- flowschema:step 2 concurrently
 *
 * - `transaction`: one transaction, under lock_timeout and statement_timeout;
 * - `concurrently`: one CREATE/DROP INDEX CONCURRENTLY, outside any
 *   transaction (PostgreSQL refuses it inside one);
 * - `validate`: one transaction of VALIDATE CONSTRAINT, which blocks no
 *   writes while it scans: under lock_timeout only.
 *
 * A file without markers (every migration that touches no table with data,
 * every migration written before steps existed) is one `transaction` step.
 * A marker counts only where PostgreSQL's lexer sees a comment between two
 * statements, never inside a string or a statement; the author's SQL may not
 * hold the marker text at all (authorSqlProblem), and every other string in
 * a file is escaped for its context, so only flowschema writes markers.
 */
export type StepMode = 'transaction' | 'concurrently' | 'validate';

export interface MigrationStep {
  /** 1-based, as the marker writes it */
  readonly number: number;
  readonly mode: StepMode;
  /** the step's SQL, from its marker (included) to the next one */
  readonly sql: string;
}

export const STEP_MARKER_PREFIX = '-- flowschema:step';
const MARKER = /^-- flowschema:step (\d+) (transaction|concurrently|validate)$/;

export function stepMarker(number: number, mode: StepMode): string {
  return `${STEP_MARKER_PREFIX} ${number} ${mode}`;
}

/** What a malformed step structure is refused with (a file flowschema did not write, or a bug). */
export class MigrationStepsError extends Error {
  constructor(file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'MigrationStepsError';
  }
}

/** migrationSteps, loading PostgreSQL's grammar first when the file may have steps. */
export async function readMigrationSteps(file: string, sql: string): Promise<MigrationStep[]> {
  if (sql.includes(STEP_MARKER_PREFIX)) await loadSqlGrammar();
  return migrationSteps(file, sql);
}

/**
 * Splits a migration file into its steps. Files without the marker text are
 * one transaction step (no grammar needed); the others are lexed with
 * PostgreSQL's own lexer (loaded: loadSqlGrammar). Markers must number the
 * steps 1, 2, 3… and the first must come before any statement.
 */
export function migrationSteps(file: string, sql: string): MigrationStep[] {
  if (!sql.includes(STEP_MARKER_PREFIX)) return [{ number: 1, mode: 'transaction', sql }];
  let tokens: { start: number; end: number; tokenName: string }[];
  try {
    tokens = scanSql(sql);
  } catch (error) {
    throw new MigrationStepsError(file, `does not lex as SQL (${(error as Error).message})`);
  }
  const bytes = Buffer.from(sql);
  const markers: { number: number; mode: StepMode; at: number }[] = [];
  let between = true; // no statement token since the last `;` (or the start)
  let statementsBefore = false;
  for (const t of tokens) {
    if (t.tokenName.includes('COMMENT')) {
      const m = MARKER.exec(bytes.subarray(t.start, t.end).toString().trimEnd());
      if (!m) continue;
      if (!between) throw new MigrationStepsError(file, `a step marker (${m[0]}) stands inside a statement`);
      if (markers.length === 0 && statementsBefore) throw new MigrationStepsError(file, 'statements stand before the first step marker');
      markers.push({ number: Number(m[1]), mode: m[2] as StepMode, at: t.start });
      continue;
    }
    statementsBefore = true;
    between = t.tokenName === 'ASCII_59';
  }
  if (markers.length === 0) return [{ number: 1, mode: 'transaction', sql }];
  markers.forEach((m, i) => {
    if (m.number !== i + 1) throw new MigrationStepsError(file, `step marker ${i + 1} is numbered ${m.number}: steps are numbered 1, 2, 3… in order`);
  });
  return markers.map((m, i) => ({ number: m.number, mode: m.mode, sql: bytes.subarray(m.at, markers[i + 1]?.at ?? bytes.length).toString() }));
}

/** The one statement of a `concurrently` step, which must be CREATE or DROP INDEX CONCURRENTLY (whatever else is refused). */
export function concurrentIndexOf(file: string, step: MigrationStep): { builds: boolean; schema: string; name: string } {
  const parsed = parseSql(step.sql);
  const statement = parsed.ok && parsed.statements.length === 1 ? parsed.statements[0]! : undefined;
  const node = statement?.node as { concurrent?: boolean; idxname?: string; relation?: { schemaname?: string } } | undefined;
  if (statement?.kind === 'IndexStmt' && node?.concurrent === true && node.idxname && node.relation?.schemaname) return { builds: true, schema: node.relation.schemaname, name: node.idxname };
  if (statement?.kind === 'DropStmt' && node?.concurrent === true) return { builds: false, schema: '', name: '' };
  throw new MigrationStepsError(file, `step ${step.number} is a concurrently step but is not one CREATE or DROP INDEX CONCURRENTLY`);
}

/**
 * A statement (or a `concurrently` step) without its CONCURRENTLY keyword,
 * found with PostgreSQL's lexer (never inside a name, a string or a
 * comment): the same index built or dropped in a transaction, for a table
 * nobody else can see yet (a schema created in this very run) or a rerun
 * that is rolled back.
 */
export function withoutConcurrently(statement: string): string {
  const bytes = Buffer.from(statement);
  const token = scanSql(statement).find((t) => !t.tokenName.includes('COMMENT') && t.tokenName !== 'IDENT' && bytes.subarray(t.start, t.end).toString().toUpperCase() === 'CONCURRENTLY');
  return token ? Buffer.concat([bytes.subarray(0, token.start), bytes.subarray(token.end)]).toString() : statement;
}

/** What drops the index a `concurrently` build left INVALID (or half made), before a rebuild or after a failure. */
export function dropBuiltIndexSql(index: { readonly schema: string; readonly name: string }): string {
  return `DROP INDEX CONCURRENTLY IF EXISTS ${quoteIdent(index.schema)}.${quoteIdent(index.name)}`;
}
