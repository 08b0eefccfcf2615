import { describe, expect, it } from 'vitest';
import { checkSqlExpression, parseSql, statementKinds } from '../../src/model/index.ts';
import { verifyMigration } from '../../src/emit/index.ts';

/**
 * Expressions from definitions are checked with PostgreSQL's own grammar
 * (libpg-query), in the statement they end up in: one expression, or refused.
 * The first cases are the bypasses of the old character-level guard.
 */
describe('SQL expressions from definitions, checked by PostgreSQL\'s grammar', () => {
  const MORE = 'PostgreSQL reads more than one expression from it (it changes the statement around it)';
  it.each([
    // accepted: one expression, whatever quoting it uses
    ['check', "kind <> ''", undefined],
    ['check', "a = 'x;y' AND b = \"c;d\"", undefined],
    ['check', "E'it\\'s' <> ''", undefined],
    ['check', '$$a;b$$ <> $t$;$t$', undefined],
    ['check', "U&'d\\0061t' <> ''", undefined],
    ['check', '"a;b" > 1', undefined],
    ['check', 'é$$ > 1', undefined],
    ['check', 'a$$$ IS NULL', undefined],
    ['check', '$q$ ) ; drop $q$ = x', undefined],
    ['default', 'now()', undefined],
    ['default', 'gen_random_uuid()', undefined],
    ['default', '1 + 2', undefined],
    ['using', '"amount"::integer', undefined],
    ['value', "'x' || 'y'", undefined],
    // the a$$$ bypass: PostgreSQL lexes a$$$ as one identifier, so the rest is SQL, and it is refused
    [
      'check',
      "a$$$ IS NULL)) ; RESET ROLE; CREATE ROLE x SUPERUSER LOGIN PASSWORD 'x'; SET LOCAL ROLE d_init; CREATE TABLE s.zz (b text CHECK (b <> $q$$q$",
      `PostgreSQL's parser rejects it: syntax error at or near ")" (at character 14 of the expression)`,
    ],
    ['check', 'é$$ IS NULL); DROP TABLE x; SELECT (1', 'PostgreSQL reads 3 statements where one expression belongs'],
    ['check', '1); DROP TABLE x; --', 'PostgreSQL reads 2 statements where one expression belongs'],
    ['check', 'a > 0) NOT VALID, ADD CONSTRAINT y CHECK (true', MORE],
    ['check', 'a > 0; SELECT 1', "PostgreSQL's parser rejects it: syntax error at or near \";\" (at character 6 of the expression)"],
    ['check', 'a /* x */ > 0', 'it contains a comment ("/* x */"): remove it, comments can hide the rest of a statement'],
    ['check', 'a /* /* nested */ ; */ > 0', 'it contains a comment ("/* /* nested */ ; */"): remove it, comments can hide the rest of a statement'],
    ['check', 'a > 0 -- hide', "PostgreSQL's parser rejects it: syntax error at end of input"],
    ['check', "'open", "PostgreSQL's parser rejects it: unterminated quoted string at or near \"'open)\" (at character 1 of the expression)"],
    ['check', '$$x', "PostgreSQL's parser rejects it: unterminated dollar-quoted string at or near \"$$x)\" (at character 1 of the expression)"],
    ['check', '(a > 0', "PostgreSQL's parser rejects it: syntax error at end of input"],
    ['check', '  ', 'it is empty'],
    ['check', 'a\0', 'it contains a NUL character'],
    // a default is one expression inside a column definition: nothing may follow it there
    ['default', 'now() NOT NULL', MORE],
    ['default', 'now(), "evil" text', MORE],
    ['default', 'now() REFERENCES other(id)', MORE],
    ['default', '1 COLLATE "C"', MORE],
    ['default', 'x IS NULL', "PostgreSQL's parser rejects it: syntax error at or near \"NULL\" (at character 6 of the expression)"],
    // using: ends an ALTER COLUMN ... TYPE, where a comma would start another command
    ['using', '"c"::int, DROP COLUMN x', MORE],
    ['using', '"c"::int; RESET ROLE', 'PostgreSQL reads 2 statements where one expression belongs'],
    // a seed value is one item of a VALUES row
    ['value', '1), (2', MORE],
    ['value', '1, 2', MORE],
  ] as const)('%s: %s', (context, fragment, problem) => {
    expect(checkSqlExpression(fragment, context)).toBe(problem);
  });
});

describe('parsing SQL', () => {
  it('gives statement kinds, and syntax errors with their position in the text', () => {
    expect(statementKinds('CREATE TABLE a (x int); INSERT INTO a VALUES (1); -- done')).toEqual(['CreateStmt', 'InsertStmt']);
    expect(parseSql("SELECT 'é', x y z")).toEqual({ ok: false, message: 'syntax error at or near "z"', offset: 16 });
  });

  it('a rendered migration must be exactly the statements its changes planned', () => {
    const change = { kind: 'DropTable', schema: 's', table: 't' } as const;
    expect(() => verifyMigration('m', 'DROP TABLE "s"."t";', [change])).not.toThrow();
    expect(() => verifyMigration('m', 'DROP TABLE "s"."t"; DROP TABLE "s"."u";', [change])).toThrow(
      'flowschema: refusing to write m: PostgreSQL reads 2 statement(s) (DropStmt, DropStmt) where the plan has 1 (DropStmt) (a flowschema bug: please report it with the definition that caused it)',
    );
    expect(() => verifyMigration('m', 'CREATE TABLE "s"."t" ();', [change])).toThrow('PostgreSQL reads 1 statement(s) (CreateStmt) where the plan has 1 (DropStmt)');
    expect(() => verifyMigration('m', 'DROP TABLE "s"."t', [change])).toThrow('it does not parse (unterminated quoted identifier at or near');
    // one statement of the right kind is not enough: a smuggled column or command is refused too
    const add = { kind: 'DropNotNull', schema: 's', table: 't', column: 'c' } as const;
    expect(() => verifyMigration('m', 'ALTER TABLE "s"."t" ALTER COLUMN "c" DROP NOT NULL;', [add])).not.toThrow();
    expect(() => verifyMigration('m', 'ALTER TABLE "s"."t" ALTER COLUMN "c" DROP NOT NULL, OWNER TO x;', [add])).toThrow('statement 1 (AlterTableStmt) has 2 commands where the plan has 1');
  });
});
