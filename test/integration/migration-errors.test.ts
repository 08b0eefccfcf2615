import { describe, expect, it } from 'vitest';
import { applyMigrationSql, MigrationFailedError } from '../../src/runtime/index.ts';
import { connect } from '../support/db.ts';
import { bootstrappedDatabase } from '../support/domain-db.ts';

/** What a failed migration says: PostgreSQL's message, SQLSTATE, the statement it stopped at, detail and hint. */
describe('a failed migration names its statement', () => {
  const run = async (sql: string) => {
    const db = await bootstrappedDatabase('migration_errors', 'onboarding');
    const c = await connect(db.initUrl);
    try {
      await c.query('CREATE SCHEMA m');
      return (await applyMigrationSql(c, 'm.sql', sql).then(() => undefined, (e: unknown) => e)) as MigrationFailedError;
    } finally {
      await c.end();
      await db.drop();
    }
  };

  it('a constraint made over rows already there: the statement that makes it, found by its name (PostgreSQL gives no position)', async () => {
    const error = await run(`CREATE TABLE m.t (id int, name text);\nINSERT INTO m.t VALUES (1, 'a'), (2, 'a');\nALTER TABLE m.t ADD CONSTRAINT "t_name_key" UNIQUE (name);`);
    expect(error.message).toBe('m.sql: could not create unique index "t_name_key" (SQLSTATE 23505)\n  statement: ALTER TABLE m.t ADD CONSTRAINT "t_name_key" UNIQUE (name)\n  detail: Key (name)=(a) is duplicated.');
  });

  it('a row that breaks a check a CREATE TABLE declared: no statement rather than the wrong one', async () => {
    const error = await run(`CREATE TABLE m.t (id int, qty int, CONSTRAINT "qty_ok" CHECK (qty > 0));\nINSERT INTO m.t VALUES (1, 0);`);
    expect(error.message).toBe('m.sql: new row for relation "t" violates check constraint "qty_ok" (SQLSTATE 23514)\n  detail: Failing row contains (1, 0).');
  });

  it('a syntax error: its line and statement, from PostgreSQL\'s position', async () => {
    const error = await run(`CREATE TABLE m.t (id int);\n-- a comment; with a semicolon\nCREATE INDX ON m.t (id);`);
    expect(error.message).toBe('m.sql at line 3: syntax error at or near "INDX" (SQLSTATE 42601)\n  statement: CREATE INDX ON m.t (id)');
  });
});
