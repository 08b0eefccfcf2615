import { STEP_MARKER_PREFIX } from './migration-steps.ts';
import { parseSql } from './sql-grammar.ts';

/** Statements on objects shared by the whole server (parse-node type -> what it says): never in before/after SQL. */
export const CLUSTER_STATEMENTS: Readonly<Record<string, string>> = {
  CreateRoleStmt: 'CREATE ROLE', AlterRoleStmt: 'ALTER ROLE', AlterRoleSetStmt: 'ALTER ROLE … SET', DropRoleStmt: 'DROP ROLE', GrantRoleStmt: 'GRANT/REVOKE of a role',
  ReassignOwnedStmt: 'REASSIGN OWNED', DropOwnedStmt: 'DROP OWNED', CreatedbStmt: 'CREATE DATABASE', DropdbStmt: 'DROP DATABASE', AlterDatabaseStmt: 'ALTER DATABASE',
  AlterDatabaseSetStmt: 'ALTER DATABASE … SET', AlterDatabaseRefreshCollStmt: 'ALTER DATABASE … REFRESH COLLATION VERSION', AlterSystemStmt: 'ALTER SYSTEM',
  CreateTableSpaceStmt: 'CREATE TABLESPACE', DropTableSpaceStmt: 'DROP TABLESPACE', AlterTableSpaceOptionsStmt: 'ALTER TABLESPACE',
  CreateSubscriptionStmt: 'CREATE SUBSCRIPTION', AlterSubscriptionStmt: 'ALTER SUBSCRIPTION', DropSubscriptionStmt: 'DROP SUBSCRIPTION',
};

/**
 * Statements that make or change objects of the database rather than of the
 * flow's schema: the drift check compares the database with what bootstrap
 * made (docs/drift.md), so a migration may not add to it. Extensions stay
 * allowed (in the flow's schema, where drift compares them), and so does
 * CREATE SCHEMA: the init role may create schemas, drift reports one it
 * does not know, and the adversarial corpus uses one to test the guard.
 */
export const DATABASE_STATEMENTS: Readonly<Record<string, string>> = {
  CreatePublicationStmt: 'CREATE PUBLICATION', AlterPublicationStmt: 'ALTER PUBLICATION', CreateEventTrigStmt: 'CREATE EVENT TRIGGER',
  AlterEventTrigStmt: 'ALTER EVENT TRIGGER', CreatePLangStmt: 'CREATE LANGUAGE', CreateCastStmt: 'CREATE CAST', CreateTransformStmt: 'CREATE TRANSFORM', CreateFdwStmt: 'CREATE FOREIGN DATA WRAPPER',
  AlterFdwStmt: 'ALTER FOREIGN DATA WRAPPER', CreateForeignServerStmt: 'CREATE SERVER', AlterForeignServerStmt: 'ALTER SERVER', CreateUserMappingStmt: 'CREATE USER MAPPING',
  AlterUserMappingStmt: 'ALTER USER MAPPING', DropUserMappingStmt: 'DROP USER MAPPING', CreateAmStmt: 'CREATE ACCESS METHOD', AlterDefaultPrivilegesStmt: 'ALTER DEFAULT PRIVILEGES',
};

/**
 * What is wrong with a version's before/after SQL, or undefined. It is the
 * author's and may hold any statements, but it must parse; it may not end
 * the migration's transaction (each migration is one transaction the runtime
 * opens and commits); it may not act on roles, databases or server
 * settings, which every domain of the server shares (and which the drift
 * check would act on again in its scratch database); and it may not make
 * objects of the database outside the flow's schema.
 */
export function authorSqlProblem(sql: string): { message: string; hint: string } | undefined {
  // A migration's steps are marked with this comment (migration-steps.ts): only flowschema writes it.
  if (sql.includes(STEP_MARKER_PREFIX.slice(3)))
    return { message: `holds '${STEP_MARKER_PREFIX.slice(3)}', the text that marks a migration's steps`, hint: 'remove it (from comments and strings too): flowschema alone writes step markers' };
  const parsed = parseSql(sql);
  if (!parsed.ok) {
    const before = parsed.offset === undefined ? undefined : sql.slice(0, parsed.offset).split('\n');
    const where = before === undefined ? '' : ` (line ${before.length}, column ${before.at(-1)!.length + 1} of the SQL)`;
    return { message: `does not parse: ${parsed.message}${where}`, hint: 'fix the SQL; PostgreSQL would refuse it when the migration runs' };
  }
  if (parsed.statements.some((st) => st.kind === 'TransactionStmt'))
    return { message: 'controls the transaction (BEGIN, COMMIT, ROLLBACK, SAVEPOINT…): each migration runs in one transaction the runtime opens and commits', hint: 'remove the transaction statements; everything in a migration commits together or not at all' };
  const shared = parsed.statements.find((st) => st.kind in CLUSTER_STATEMENTS);
  if (shared)
    return { message: `holds ${CLUSTER_STATEMENTS[shared.kind]}, which acts on roles, databases or server settings shared beyond the domain`, hint: "keep roles, databases and settings to the domain's bootstrap (flowschema bootstrap); a migration changes only the flow's schema" };
  const database = parsed.statements.find((st) => st.kind in DATABASE_STATEMENTS);
  if (database)
    return { message: `holds ${DATABASE_STATEMENTS[database.kind]}, which makes or changes an object of the whole database, not of the flow's schema`, hint: "a migration changes only its flow's schema; the database around it is bootstrap's, and flowschema drift reports anything else in it" };
  return undefined;
}
