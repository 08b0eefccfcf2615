import type pg from 'pg';
import { concurrentIndexOf, dropBuiltIndexSql, errorPositionIndex, loadSqlGrammar, quoteIdent, readMigrationSteps, sqlGrammarLoaded, statementAt, statementsContaining, type DomainRoles } from '../model/index.ts';
import { MigrationFailedError } from './errors.ts';
import { migrationGuard } from './roles.ts';

/**
 * Runs one migration file: in its own transaction (all of it, or nothing),
 * or, when it is written in steps (model/migration-steps.ts), step by step:
 * each `transaction` or `validate` step in a transaction of its own, each
 * `concurrently` step outside one. A refused step leaves the steps before it
 * applied (the runtime records them and resumes; a scratch database is
 * dropped). No progress is recorded here: this is how drift and verify build
 * expected schemas, not how the runtime upgrades a live one.
 * The connection must be logged in as the role the file may act as (the
 * domain's init role): the file cannot switch to a stronger one. A failure
 * names the file, the line and the statement PostgreSQL stopped at, with its
 * message and SQLSTATE. With a domain's `roles` (a domain database, or its
 * drift database) the file may not have granted the init role to anyone
 * (migrationGuard).
 */
export async function applyMigrationSql(client: pg.Client | pg.PoolClient, file: string, sql: string, roles?: DomainRoles): Promise<void> {
  const steps = await readMigrationSteps(file, sql);
  // The step's place in the file in characters (code points, as PostgreSQL counts), for error positions.
  let offset = Array.from(sql.slice(0, sql.length - steps.reduce((n, st) => n + st.sql.length, 0))).length;
  try {
    for (const step of steps) {
      const inTransaction = step.mode !== 'concurrently';
      if (!inTransaction) concurrentIndexOf(file, step); // one CREATE or DROP INDEX CONCURRENTLY, or refused
      try {
        if (inTransaction) await client.query('BEGIN');
        await client.query(step.sql);
        if (roles) await client.query(inTransaction ? migrationGuard(roles) : `BEGIN; ${migrationGuard(roles)}`);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        // A failed CONCURRENTLY build leaves its index INVALID: dropped, so that nothing half-made stays.
        const index = inTransaction ? undefined : concurrentIndexOf(file, step);
        if (index?.builds) await client.query(dropBuiltIndexSql(index)).catch(() => {});
        const position = (error as { position?: string }).position;
        const failed = await migrationError(file, sql, error, position === undefined ? undefined : Number(position) + offset, step.sql);
        if (steps.length === 1) throw failed;
        throw new MigrationFailedError(failed.file, failed.sqlstate, failed.statement, failed.message, failed.cause, Buffer.byteLength(sql.slice(0, sql.indexOf(step.sql))));
      }
      offset += Array.from(step.sql).length;
    }
  } finally {
    // A SET in the file must not outlive it on this connection.
    await client.query('RESET ALL').catch(() => {});
  }
}

/**
 * The error of a failed migration: the file, the line and the statement
 * PostgreSQL stopped at (found with PostgreSQL's lexer, loaded for the
 * occasion), its message and SQLSTATE. `positionInFile` overrides
 * PostgreSQL's position when the file was sent inside a longer query; `step`
 * is the text of the step that failed, in a migration in steps.
 */
export async function migrationError(file: string, sql: string, error: unknown, positionInFile?: number, step?: string): Promise<MigrationFailedError> {
  const e = error as { code?: string; position?: string; message?: string; detail?: string; hint?: string; constraint?: string };
  const position = positionInFile ?? (e.position === undefined ? undefined : Number(e.position));
  let where = '';
  let statement: string | undefined;
  if (position !== undefined) {
    await loadSqlGrammar().catch(() => undefined);
    const index = sqlGrammarLoaded() ? errorPositionIndex(sql, position) : position - 1;
    where = ` at line ${sql.slice(0, index + 1).split('\n').length}`;
    statement = sqlGrammarLoaded() ? statementAt(sql, index) : undefined;
  }
  if (statement === undefined && e.constraint) {
    // No position (a constraint that cannot be made over the rows there): the one statement that names it.
    await loadSqlGrammar().catch(() => undefined);
    const name = quoteIdent(e.constraint);
    // Only a statement that makes the constraint over rows already there (not a CREATE TABLE that declares
    // it, when a later INSERT is what broke it).
    const making = (st: string) => /^ALTER\s+TABLE\b/i.test(st) ? st.includes(`ADD CONSTRAINT ${name}`) || st.includes(`VALIDATE CONSTRAINT ${name}`) : /^CREATE\s+UNIQUE\s+INDEX\b/i.test(st);
    // In a migration in steps, only the statements of the step that failed.
    const naming = sqlGrammarLoaded() ? statementsContaining(step ?? sql, name).filter(making) : [];
    if (naming.length === 1) statement = naming[0];
  }
  const stmt = statement === undefined ? '' : `\n  statement: ${statement.split('\n').map((l) => l.trim()).join(' ')}`;
  // PostgreSQL's detail and hint say which row or value (a duplicate key, an overflowing number).
  const more = [e.detail && `\n  detail: ${e.detail.split('\n').join(' ')}`, e.hint && `\n  hint: ${e.hint.split('\n').join(' ')}`].filter(Boolean).join('');
  return new MigrationFailedError(file, e.code, statement, `${file}${where}: ${e.message ?? String(error)} (SQLSTATE ${e.code ?? 'unknown'})${stmt}${more}`, error);
}
