import pg from 'pg';
import { bootstrapNames, ROLE_ATTRIBUTES, ROLE_OVERREACH, tagOf, withDatabase, type BootstrapTarget } from './bootstrap-names.ts';

/**
 * Roles and databases that exist under the domain's names but are not the
 * domain's: not tagged by bootstrap, and not adoptable. A database is
 * adopted when it is stamped with this domain (a database made by a
 * flowschema from before tags) or holds nothing yet; a role when the
 * domain's database is stamped with this domain. Anything else may be
 * someone else's, and bootstrap would take it over: it is refused.
 */
export async function foreignObjects(adminUrl: string, target: Omit<BootstrapTarget, 'passwords'>): Promise<string[]> {
  const { roles, database, driftDatabase } = bootstrapNames(target);
  const tag = tagOf(target.domain);
  const admin = new pg.Client({ connectionString: adminUrl });
  admin.on('error', () => {});
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
    c.on('error', () => {});
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

/**
 * What a domain's bootstrap still lacks, read through any connection to its
 * live database (the init role's will do: catalogs and privileges are
 * readable by everyone). Empty: nothing needs an administrator.
 */
export async function bootstrapProblems(client: pg.Client | pg.PoolClient, target: Omit<BootstrapTarget, 'passwords'>): Promise<string[]> {
  // The catalogs below are pg_catalog's, whatever the connected role's settings say.
  await client.query('SET search_path = pg_catalog, pg_temp');
  const { roles, driftDatabase } = bootstrapNames(target);
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

