import pg from 'pg';
import type { RolePasswords } from '../db/credentials.ts';
import { databaseNameOf, driftDatabaseNameOf, quoteIdent, quoteLiteral, rolesOf, type DomainRoles } from '../model/index.ts';
import { NotBootstrappedError } from './errors.ts';

/**
 * The only statements that need an administrator (a superuser): a domain's
 * roles, its two databases (the live one and the drift check's scratch one)
 * and the grants that fence them. Everything else — system schemas, flow
 * schemas, default privileges, deploys, drift builds — runs logged in as the
 * domain's init role. `bootstrapDomain` runs these steps; `bootstrapSql`
 * prints the same steps as a psql script for a DBA to run once.
 */
export interface BootstrapTarget {
  readonly domain: string;
  /** the live database (default `<domain>_db`) */
  readonly database?: string;
  /** the drift check's scratch database (default `<domain>_drift`) */
  readonly driftDatabase?: string;
  readonly passwords: RolePasswords;
  /** set the passwords of roles that already exist too (default: only new roles get one) */
  readonly resetPasswords?: boolean;
}

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

/** No role of a domain may do more than log in. */
const ROLE_ATTRIBUTES = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT';
const ROLE_OVERREACH = 'rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls OR rolinherit OR NOT rolcanlogin';

/**
 * The comment bootstrap puts on every role and database it creates or adopts:
 * it never takes over a role or database that merely has the same name as a
 * domain's (see `foreignObjects`).
 */
export function tagOf(domain: string): string {
  return `flowschema domain ${domain}`;
}

function names(target: BootstrapTarget): { roles: DomainRoles; database: string; driftDatabase: string } {
  return { roles: rolesOf(target.domain), database: target.database ?? databaseNameOf(target.domain), driftDatabase: target.driftDatabase ?? driftDatabaseNameOf(target.domain) };
}

export function bootstrapSteps(target: BootstrapTarget): BootstrapStep[] {
  const { roles, database, driftDatabase } = names(target);
  const [init, orch, exec] = [roles.init, roles.orchestration, roles.execution].map(quoteIdent) as [string, string, string];
  const steps: BootstrapStep[] = [];
  for (const kind of ['init', 'orchestration', 'execution'] as const) {
    const role = roles[kind];
    const password = quoteLiteral(target.passwords[kind]);
    steps.push({ where: 'server', sql: `CREATE ROLE ${quoteIdent(role)} ${ROLE_ATTRIBUTES} PASSWORD ${password}`, when: `NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${quoteLiteral(role)})` });
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
  const { roles, database, driftDatabase } = names(target);
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
  const { database, driftDatabase } = names(target);
  const foreign = await foreignObjects(adminUrl, target);
  if (foreign.length)
    throw new NotBootstrappedError(
      `refusing to bootstrap domain ${target.domain}: ${foreign.join(', ')}, not made by flowschema for it (no '${tagOf(target.domain)}' comment): choose another domain name, or, as their administrator, drop them or mark them as the domain's (COMMENT ON ROLE|DATABASE … IS '${tagOf(target.domain)}')`,
      foreign,
    );
  const ran: string[] = [];
  const run = async (client: pg.Client, step: BootstrapStep) => {
    if (step.when !== undefined && !(await client.query<{ ok: boolean }>(`SELECT (${step.when}) AS ok`)).rows[0]!.ok) return;
    await client.query(step.sql).catch((error: { code?: string }) => {
      // Another process created the same role or database meanwhile: what was needed is there.
      if (step.when !== undefined && ['42710', '42P04', '23505', 'XX000'].includes(error.code ?? '')) return;
      throw error;
    });
    ran.push(step.sql.replace(/ PASSWORD (E?'(?:[^']|'')*')/, " PASSWORD '…'"));
  };
  const steps = bootstrapSteps(target);
  for (const where of ['server', 'database', 'drift'] as const) {
    const url = where === 'server' ? adminUrl : withDatabase(adminUrl, where === 'database' ? database : driftDatabase);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const step of steps.filter((s) => s.where === where)) await run(client, step);
    } finally {
      await client.end();
    }
  }
  return { ran };
}

/**
 * Roles and databases that exist under the domain's names but are not the
 * domain's: not tagged by bootstrap, and not adoptable. A database is
 * adopted when it is stamped with this domain (a database made by a
 * flowschema from before tags) or holds nothing yet; a role when the
 * domain's database is stamped with this domain. Anything else may be
 * someone else's, and bootstrap would take it over: it is refused.
 */
export async function foreignObjects(adminUrl: string, target: Omit<BootstrapTarget, 'passwords'>): Promise<string[]> {
  const { roles, database, driftDatabase } = names({ ...target, passwords: { init: '', orchestration: '', execution: '' } });
  const tag = tagOf(target.domain);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  let existing: { kind: 'role' | 'database'; name: string; tagged: boolean }[];
  try {
    existing = (
      await admin.query<{ kind: 'role' | 'database'; name: string; tagged: boolean }>(
        `SELECT 'role' AS kind, rolname AS name, shobj_description(oid, 'pg_authid') IS NOT DISTINCT FROM $2 AS tagged FROM pg_roles WHERE rolname = ANY($1)
         UNION ALL SELECT 'database', datname, shobj_description(oid, 'pg_database') IS NOT DISTINCT FROM $2 FROM pg_database WHERE datname = ANY($3)`,
        [[roles.init, roles.orchestration, roles.execution], tag, [database, driftDatabase]],
      )
    ).rows;
  } finally {
    await admin.end();
  }
  const untagged = existing.filter((o) => !o.tagged);
  if (untagged.length === 0) return [];
  const state = async (db: string) => {
    const c = new pg.Client({ connectionString: withDatabase(adminUrl, db) });
    await c.connect();
    try {
      const stamped = (await c.query<{ ok: boolean }>(`SELECT to_regclass('sys_schemas.domain') IS NOT NULL AS ok`)).rows[0]!.ok
        ? ((await c.query<{ name: string }>('SELECT name FROM sys_schemas.domain')).rows[0]?.name ?? null) === target.domain
        : false;
      const empty = (await c.query<{ n: number }>(`SELECT (SELECT count(*) FROM pg_namespace WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\\_%') + (SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace) AS n`)).rows[0]!.n;
      return { stamped, empty: Number(empty) === 0 };
    } finally {
      await c.end();
    }
  };
  const live = existing.some((o) => o.kind === 'database' && o.name === database) ? await state(database) : { stamped: false, empty: true };
  const out: string[] = [];
  for (const o of untagged) {
    if (o.kind === 'role' && live.stamped) continue;
    if (o.kind === 'database' && o.name === database && (live.stamped || live.empty)) continue;
    if (o.kind === 'database' && o.name === driftDatabase && (await state(driftDatabase)).empty) continue;
    out.push(`${o.kind} ${o.name} exists`);
  }
  return out;
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/**
 * What a domain's bootstrap still lacks, read through any connection to its
 * live database (the init role's will do: catalogs and privileges are
 * readable by everyone). Empty: nothing needs an administrator.
 */
export async function bootstrapProblems(client: pg.Client | pg.PoolClient, target: Omit<BootstrapTarget, 'passwords'>): Promise<string[]> {
  // The catalogs below are pg_catalog's, whatever the connected role's settings say.
  await client.query('SET search_path = pg_catalog, pg_temp');
  const { roles, driftDatabase } = names({ ...target, passwords: { init: '', orchestration: '', execution: '' } });
  const all = [roles.init, roles.orchestration, roles.execution];
  const found = (await client.query<{ rolname: string; overreach: boolean }>(`SELECT rolname, (${ROLE_OVERREACH}) AS overreach FROM pg_roles WHERE rolname = ANY($1)`, [all])).rows;
  const problems = [
    ...all.filter((r) => !found.some((f) => f.rolname === r)).map((r) => `role ${r} does not exist`),
    ...found.filter((f) => f.overreach).map((f) => `role ${f.rolname} may do more than log in (${ROLE_ATTRIBUTES} expected)`),
  ];
  if (problems.length) return problems;
  const checks = (
    await client.query<{ problem: string }>(
      `WITH db AS (SELECT current_database() AS name),
            expectations(problem, ok) AS (VALUES
              ('PUBLIC may connect to the database', NOT has_database_privilege('public', (SELECT name FROM db), 'CONNECT')),
              ('PUBLIC may create temporary tables in the database', NOT has_database_privilege('public', (SELECT name FROM db), 'TEMP')),
              ($1 || ' may not connect to the database', has_database_privilege($1, (SELECT name FROM db), 'CONNECT')),
              ($1 || ' may not create schemas in the database', has_database_privilege($1, (SELECT name FROM db), 'CREATE')),
              ($2 || ' may not connect to the database', has_database_privilege($2, (SELECT name FROM db), 'CONNECT')),
              ($3 || ' may not connect to the database', has_database_privilege($3, (SELECT name FROM db), 'CONNECT')),
              ($2 || ' may create schemas in the database', NOT has_database_privilege($2, (SELECT name FROM db), 'CREATE')),
              ($3 || ' may create schemas in the database', NOT has_database_privilege($3, (SELECT name FROM db), 'CREATE')),
              ($1 || ' may not take advisory locks', has_function_privilege($1, 'pg_try_advisory_lock(integer, integer)', 'EXECUTE')),
              ($2 || ' may take advisory locks', NOT has_function_privilege($2, 'pg_advisory_lock(integer, integer)', 'EXECUTE')),
              ($3 || ' may take advisory locks', NOT has_function_privilege($3, 'pg_advisory_lock(integer, integer)', 'EXECUTE')),
              ($2 || ' may create large objects', NOT has_function_privilege($2, 'lo_create(oid)', 'EXECUTE')),
              ('the drift database ' || $4 || ' does not exist', EXISTS (SELECT FROM pg_database WHERE datname = $4)),
              ('a role of the domain has settings of its own (ALTER ROLE … SET)', NOT EXISTS (SELECT FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname IN ($1, $2, $3))))
       SELECT problem FROM expectations WHERE NOT ok`,
      [roles.init, roles.orchestration, roles.execution, driftDatabase],
    )
  ).rows.map((r) => r.problem);
  if (checks.length) return checks;
  const drift = (await client.query<{ ok: boolean }>(`SELECT has_database_privilege($1, $2, 'CONNECT') AND has_database_privilege($1, $2, 'CREATE') AS ok`, [roles.init, driftDatabase])).rows[0]!.ok;
  return drift ? [] : [`${roles.init} may not build in the drift database ${driftDatabase}`];
}

/** Thrown by callers that found problems and may not fix them. */
export function notBootstrapped(domain: string, problems: readonly string[], detail = '', code?: string): NotBootstrappedError {
  return new NotBootstrappedError(`domain ${domain} is not bootstrapped (${problems.join('; ')})${detail}: an administrator must run flowschema bootstrap --domain ${domain} (or its --sql output) once`, problems, code);
}
