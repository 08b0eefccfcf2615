import pg from 'pg';
import { quoteIdent, quoteLiteral } from '../model/index.ts';
import { bootstrapNames, ROLE_ATTRIBUTES, ROLE_OVERREACH, tagOf, withDatabase, type BootstrapTarget } from './bootstrap-names.ts';
import { foreignObjects } from './bootstrap-state.ts';
import { NotBootstrappedError } from './errors.ts';

export { bootstrapNames, tagOf, type BootstrapTarget } from './bootstrap-names.ts';
export { bootstrapProblems, foreignObjects } from './bootstrap-state.ts';

/**
 * The only statements that need an administrator (a superuser): a domain's
 * roles, its two databases (the live one and the drift check's scratch one)
 * and the grants that fence them. Everything else — system schemas, flow
 * schemas, default privileges, deploys, drift builds — runs logged in as the
 * domain's init role. `bootstrapDomain` runs these steps; `bootstrapSql`
 * prints the same steps as a psql script for a DBA to run once.
 */
/** One statement of the bootstrap, where it runs, and the condition (a SQL boolean) under which it is needed. */
export interface BootstrapStep {
  readonly where: 'server' | 'database' | 'drift';
  readonly sql: string;
  readonly when?: string;
}

/**
 * Advisory locks are the runtime's migration and deploy locks. In a domain
 * database only the init role may take them: a service role holding the key
 * could otherwise stall every upgrade.
 */
export const ADVISORY_LOCK_FUNCTIONS = [
  'pg_advisory_lock(bigint)', 'pg_advisory_lock(integer, integer)',
  'pg_advisory_lock_shared(bigint)', 'pg_advisory_lock_shared(integer, integer)',
  'pg_try_advisory_lock(bigint)', 'pg_try_advisory_lock(integer, integer)',
  'pg_try_advisory_lock_shared(bigint)', 'pg_try_advisory_lock_shared(integer, integer)',
  'pg_advisory_xact_lock(bigint)', 'pg_advisory_xact_lock(integer, integer)',
  'pg_advisory_xact_lock_shared(bigint)', 'pg_advisory_xact_lock_shared(integer, integer)',
  'pg_try_advisory_xact_lock(bigint)', 'pg_try_advisory_xact_lock(integer, integer)',
  'pg_try_advisory_xact_lock_shared(bigint)', 'pg_try_advisory_xact_lock_shared(integer, integer)',
  'pg_advisory_unlock(bigint)', 'pg_advisory_unlock(integer, integer)',
  'pg_advisory_unlock_shared(bigint)', 'pg_advisory_unlock_shared(integer, integer)',
  'pg_advisory_unlock_all()',
] as const;

/** Functions that create large objects: storage outside every schema, which no domain role needs. */
export const LARGE_OBJECT_FUNCTIONS = ['lo_creat(integer)', 'lo_create(oid)', 'lo_from_bytea(oid, bytea)'] as const;

export function bootstrapSteps(target: BootstrapTarget): BootstrapStep[] {
  const { roles, database, driftDatabase } = bootstrapNames(target);
  const [init, orch, exec] = [roles.init, roles.orchestration, roles.execution].map(quoteIdent) as [string, string, string];
  const steps: BootstrapStep[] = [];
  for (const kind of ['init', 'orchestration', 'execution'] as const) {
    const role = roles[kind];
    const password = quoteLiteral(target.passwords[kind]);
    // Created and marked in one statement string (one implicit transaction): no other process ever sees it unmarked.
    steps.push({ where: 'server', sql: `CREATE ROLE ${quoteIdent(role)} ${ROLE_ATTRIBUTES} PASSWORD ${password}; COMMENT ON ROLE ${quoteIdent(role)} IS ${quoteLiteral(tagOf(target.domain))}`, when: `NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${quoteLiteral(role)})` });
    // An existing role is changed only when it has to be (concurrent ALTER ROLE of one role fails).
    steps.push({ where: 'server', sql: `ALTER ROLE ${quoteIdent(role)} ${ROLE_ATTRIBUTES}`, when: `EXISTS (SELECT FROM pg_roles WHERE rolname = ${quoteLiteral(role)} AND (${ROLE_OVERREACH}))` });
    // Settings of its own would apply to every session of the role (a search_path could shadow pg_catalog).
    steps.push({ where: 'server', sql: `ALTER ROLE ${quoteIdent(role)} RESET ALL`, when: `EXISTS (SELECT FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname = ${quoteLiteral(role)})` });
    if (target.resetPasswords) steps.push({ where: 'server', sql: `ALTER ROLE ${quoteIdent(role)} PASSWORD ${password}` });
    steps.push({ where: 'server', sql: `COMMENT ON ROLE ${quoteIdent(role)} IS ${quoteLiteral(tagOf(target.domain))}`, when: `shobj_description((SELECT oid FROM pg_roles WHERE rolname = ${quoteLiteral(role)}), 'pg_authid') IS DISTINCT FROM ${quoteLiteral(tagOf(target.domain))}` });
  }
  for (const db of [database, driftDatabase]) {
    // From template0: whatever was put in template1 (a large object, a function) does not come along.
    steps.push({ where: 'server', sql: `CREATE DATABASE ${quoteIdent(db)} TEMPLATE template0`, when: `NOT EXISTS (SELECT FROM pg_database WHERE datname = ${quoteLiteral(db)})` });
    steps.push({ where: 'server', sql: `COMMENT ON DATABASE ${quoteIdent(db)} IS ${quoteLiteral(tagOf(target.domain))}`, when: `shobj_description((SELECT oid FROM pg_database WHERE datname = ${quoteLiteral(db)}), 'pg_database') IS DISTINCT FROM ${quoteLiteral(tagOf(target.domain))}` });
  }
  steps.push(
    // The live database: the three roles may connect, only init may create (schemas); nobody gets TEMP.
    { where: 'database', sql: `REVOKE ALL ON DATABASE ${quoteIdent(database)} FROM PUBLIC` },
    { where: 'database', sql: `GRANT CONNECT ON DATABASE ${quoteIdent(database)} TO ${init}, ${orch}, ${exec}` },
    { where: 'database', sql: `GRANT CREATE ON DATABASE ${quoteIdent(database)} TO ${init}` },
    // PostgreSQL 15 already gives PUBLIC no CREATE on schema public; older servers do.
    { where: 'database', sql: 'REVOKE CREATE ON SCHEMA public FROM PUBLIC' },
    { where: 'database', sql: `REVOKE EXECUTE ON FUNCTION ${ADVISORY_LOCK_FUNCTIONS.join(', ')} FROM PUBLIC` },
    { where: 'database', sql: `GRANT EXECUTE ON FUNCTION ${ADVISORY_LOCK_FUNCTIONS.join(', ')} TO ${init}` },
    { where: 'database', sql: `REVOKE EXECUTE ON FUNCTION ${LARGE_OBJECT_FUNCTIONS.join(', ')} FROM PUBLIC` },
    // The scratch database: only the init role, which builds expected schemas there and drops them after.
    { where: 'drift', sql: `REVOKE ALL ON DATABASE ${quoteIdent(driftDatabase)} FROM PUBLIC` },
    { where: 'drift', sql: `GRANT CONNECT, CREATE ON DATABASE ${quoteIdent(driftDatabase)} TO ${init}` },
  );
  return steps;
}

/** The steps as a psql script (`psql -v ON_ERROR_STOP=1 -f`), for a DBA to run once. */
export function bootstrapSql(target: BootstrapTarget): string {
  const { roles, database, driftDatabase } = bootstrapNames(target);
  const render = (s: BootstrapStep) => (s.when === undefined ? `${s.sql};` : `SELECT ${quoteLiteral(s.sql)} WHERE ${s.when}\\gexec`);
  const steps = bootstrapSteps(target);
  const section = (where: BootstrapStep['where']) => steps.filter((s) => s.where === where).map(render);
  const tag = quoteLiteral(tagOf(target.domain));
  // Roles and databases of these names that bootstrap did not make are someone else's: stop before touching them.
  const refuse = [
    ...[roles.init, roles.orchestration, roles.execution].map((r) => ({ kind: 'role', name: r, exists: `SELECT FROM pg_roles WHERE rolname = ${quoteLiteral(r)} AND shobj_description(oid, 'pg_authid') IS DISTINCT FROM ${tag}` })),
    ...[database, driftDatabase].map((d) => ({ kind: 'database', name: d, exists: `SELECT FROM pg_database WHERE datname = ${quoteLiteral(d)} AND shobj_description(oid, 'pg_database') IS DISTINCT FROM ${tag}` })),
  ].map((o) => `SELECT ${quoteLiteral(`DO $flowschema$ BEGIN RAISE EXCEPTION ${quoteLiteral(`${o.kind} ${o.name} exists, not made by flowschema for domain ${target.domain}: drop it, or mark it as the domain's (COMMENT ON ${o.kind.toUpperCase()} ${o.name} IS '${tagOf(target.domain)}')`)}; END $flowschema$`)} WHERE EXISTS (${o.exists})\\gexec`);
  return [
    `-- flowschema bootstrap of domain ${target.domain}: roles ${roles.init}, ${roles.orchestration}, ${roles.execution};`,
    `-- databases ${database} and ${driftDatabase}. Run it once as a superuser, with psql:`,
    `--   flowschema bootstrap --domain ${target.domain} --sql | psql -v ON_ERROR_STOP=1 "$ADMIN_DATABASE_URL"`,
    `-- It holds the roles' passwords: pipe it, do not store it. Running it again changes nothing.`,
    ...refuse,
    ...section('server'),
    `\\connect ${quoteIdent(database)}`,
    ...section('database'),
    `\\connect ${quoteIdent(driftDatabase)}`,
    ...section('drift'),
    '',
  ].join('\n');
}

export interface BootstrapResult {
  /** the statements that ran (conditional ones only when needed), passwords elided */
  readonly ran: readonly string[];
}

/**
 * Runs the bootstrap on `adminUrl` (a URL of any database on the server,
 * logged in as a superuser): idempotent, safe to run again.
 */
export async function bootstrapDomain(adminUrl: string, target: BootstrapTarget): Promise<BootstrapResult> {
  const { database, driftDatabase } = bootstrapNames(target);
  const foreign = await foreignObjects(adminUrl, target);
  if (foreign.length)
    throw new NotBootstrappedError(
      `refusing to bootstrap domain ${target.domain}: ${foreign.join(', ')}, not made by flowschema for it (no '${tagOf(target.domain)}' comment): choose another domain name, or, as their administrator, drop them or mark them as the domain's (COMMENT ON ROLE|DATABASE … IS '${tagOf(target.domain)}')`,
      foreign,
    );
  const ran: string[] = [];
  const run = async (client: pg.Client, step: BootstrapStep, attempt = 1): Promise<void> => {
    if (step.when !== undefined && !(await client.query<{ ok: boolean }>(`SELECT (${step.when}) AS ok`)).rows[0]!.ok) return;
    const failure = await client.query(step.sql).then(
      () => undefined,
      (error: { code?: string }) => error,
    );
    if (failure) {
      // Another process bootstrapping the same domain right now: it created the role or database
      // (then what was needed is there), or updated the same catalog row ("tuple concurrently updated": again).
      if (step.when !== undefined && ['42710', '42P04', '23505'].includes(failure.code ?? '')) return;
      if (failure.code === 'XX000' && attempt < 5) {
        await new Promise((r) => setTimeout(r, 20 * attempt));
        return run(client, step, attempt + 1);
      }
      throw failure;
    }
    ran.push(step.sql.replace(/ PASSWORD (E?'(?:[^']|'')*')/, " PASSWORD '…'"));
  };
  const steps = bootstrapSteps(target);
  for (const where of ['server', 'database', 'drift'] as const) {
    const url = where === 'server' ? adminUrl : withDatabase(adminUrl, where === 'database' ? database : driftDatabase);
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => {});
    await client.connect();
    try {
      for (const step of steps.filter((s) => s.where === where)) await run(client, step);
    } finally {
      await client.end();
    }
  }
  return { ran };
}

/** Thrown by callers that found problems and may not fix them. */
export function notBootstrapped(domain: string, problems: readonly string[], detail = '', code?: string): NotBootstrappedError {
  return new NotBootstrappedError(`domain ${domain} is not bootstrapped (${problems.join('; ')})${detail}: an administrator must run flowschema bootstrap --domain ${domain} (or its --sql output) once`, problems, code);
}
