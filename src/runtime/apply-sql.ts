import type pg from 'pg';
import type { DomainRoles } from '../model/index.ts';
import { MigrationFailedError } from './errors.ts';
import { initMembershipGuard } from './roles.ts';

/**
 * Runs one migration file in its own transaction: all of it, or nothing.
 * The connection must be logged in as the role the file may act as (the
 * domain's init role): the file cannot switch to a stronger one. A failure
 * names the file, the line and the statement PostgreSQL stopped at, with its
 * message and SQLSTATE. With a domain's `roles` (a domain database, or its
 * drift database) the file may not have granted the init role to anyone
 * (initMembershipGuard).
 */
export async function applyMigrationSql(client: pg.Client | pg.PoolClient, file: string, sql: string, roles?: DomainRoles): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(sql);
    if (roles) await client.query(initMembershipGuard(roles));
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw migrationError(file, sql, error);
  } finally {
    // A SET in the file must not outlive it on this connection.
    await client.query('RESET ALL').catch(() => {});
  }
}

/** `position` overrides PostgreSQL's when the file was sent inside a longer query. */
export function migrationError(file: string, sql: string, error: unknown, positionInFile?: number): MigrationFailedError {
  const e = error as { code?: string; position?: string; message?: string };
  const position = positionInFile ?? (e.position === undefined ? undefined : Number(e.position));
  const before = position === undefined ? '' : sql.slice(0, position);
  const line = position === undefined ? undefined : before.split('\n').length;
  // The statement around the error position: from the previous `;` to the next.
  const statement = position === undefined ? undefined : `${before.slice(before.lastIndexOf(';') + 1)}${sql.slice(position).split(';')[0]}`.trim();
  const where = line === undefined ? '' : ` at line ${line}`;
  const stmt = statement === undefined ? '' : `\n  statement: ${statement.split('\n').join(' ')}`;
  return new MigrationFailedError(file, e.code, statement, `${file}${where}: ${e.message ?? String(error)} (SQLSTATE ${e.code ?? 'unknown'})${stmt}`, error);
}
