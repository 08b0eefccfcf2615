import type pg from 'pg';

/** A migration that PostgreSQL refused, with its SQLSTATE kept as `cause`. */
export class MigrationFailedError extends Error {
  constructor(
    readonly file: string,
    readonly sqlstate: string | undefined,
    readonly position: number | undefined,
    message: string,
    cause: unknown,
  ) {
    super(message, { cause });
    this.name = 'MigrationFailedError';
  }
}

/** Runs one migration file in its own transaction: all of it, or nothing. */
export async function applyMigrationSql(client: pg.Client | pg.PoolClient, file: string, sql: string): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(sql);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    const e = error as { code?: string; position?: string; message?: string };
    const position = e.position === undefined ? undefined : Number(e.position);
    const where = position === undefined ? '' : ` at line ${sql.slice(0, position).split('\n').length}`;
    throw new MigrationFailedError(file, e.code, position, `${file}${where}: ${e.message ?? String(error)} (SQLSTATE ${e.code ?? 'unknown'})`, error);
  }
}
