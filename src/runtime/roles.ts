import type pg from 'pg';
import { quoteIdent, quoteLiteral, rolesOf, type DomainRoles } from '../model/index.ts';
import { UnsafeConnectionError } from './errors.ts';
import { SYSTEM_SCHEMAS } from './system-migrations.ts';

export { rolesOf, type DomainRoles };

/**
 * The runtime runs every migration, seed and before/after SQL of a domain on
 * a connection that logged in as the domain's init role: no statement in a
 * file can gain more than that role has (RESET ROLE and SET ROLE lead nowhere,
 * SET SESSION AUTHORIZATION is refused). So the init role must be exactly
 * what bootstrap made it: no superuser, no role or database creation, no
 * replication, no row-security bypass, member of no role, no role a member of
 * it, and no settings of its own (a role-level search_path could put a view
 * before pg_catalog and hide what these checks read). Anything else is
 * refused before a statement runs. Every catalog is named with pg_catalog.
 */
export async function assertLeastPrivilege(client: pg.Client | pg.PoolClient, roles: DomainRoles): Promise<void> {
  const row = (
    await client.query<{ session: string; current: string; super: boolean; createrole: boolean; createdb: boolean; replication: boolean; bypassrls: boolean; member_of: string[]; members: string[]; settings: string[] }>(
      `SELECT session_user AS session, current_user AS current, r.rolsuper AS super, r.rolcreaterole AS createrole, r.rolcreatedb AS createdb,
              r.rolreplication AS replication, r.rolbypassrls AS bypassrls,
              ARRAY(SELECT g.rolname::pg_catalog.text FROM pg_catalog.pg_auth_members m JOIN pg_catalog.pg_roles g ON g.oid OPERATOR(pg_catalog.=) m.roleid WHERE m.member OPERATOR(pg_catalog.=) r.oid ORDER BY 1) AS member_of,
              ARRAY(SELECT g.rolname::pg_catalog.text FROM pg_catalog.pg_auth_members m JOIN pg_catalog.pg_roles g ON g.oid OPERATOR(pg_catalog.=) m.member WHERE m.roleid OPERATOR(pg_catalog.=) r.oid ORDER BY 1) AS members,
              ARRAY(SELECT pg_catalog.unnest(s.setconfig) FROM pg_catalog.pg_db_role_setting s WHERE s.setrole OPERATOR(pg_catalog.=) r.oid ORDER BY 1) AS settings
         FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) session_user`,
    )
  ).rows[0]!;
  if (row.session !== roles.init || row.current !== roles.init)
    throw new UnsafeConnectionError(`the runtime must log in as the domain's init role ${roles.init}, not as ${row.session}${row.current !== row.session ? ` (acting as ${row.current})` : ''}: connect with ${roles.init}'s credentials (see docs/security.md)`);
  const powers = (['super', 'createrole', 'createdb', 'replication', 'bypassrls'] as const).filter((p) => row[p]).map((p) => (p === 'super' ? 'SUPERUSER' : p.toUpperCase()));
  if (powers.length)
    throw new UnsafeConnectionError(`role ${roles.init} has ${powers.join(', ')}: migrations would run with those powers; refusing (run flowschema bootstrap as an administrator, or ALTER ROLE ${roles.init} NO${powers.join(' NO')})`);
  if (row.member_of.length)
    throw new UnsafeConnectionError(`role ${roles.init} is a member of ${row.member_of.join(', ')}: migrations could use that role's powers; refusing (REVOKE ${row.member_of.map((r) => quoteIdent(r)).join(', ')} FROM ${roles.init})`);
  if (row.members.length)
    throw new UnsafeConnectionError(`role ${row.members.join(', ')} ${row.members.length === 1 ? 'is a member' : 'are members'} of ${roles.init} and could act as it; refusing (REVOKE ${roles.init} FROM ${row.members.map((r) => quoteIdent(r)).join(', ')})`);
  if (row.settings.length)
    throw new UnsafeConnectionError(`role ${roles.init} has settings of its own (${row.settings.join(', ')}), which apply to every migration's session; refusing (ALTER ROLE ${roles.init} RESET ALL, or run flowschema bootstrap)`);
}

/**
 * Run in every migration's transaction, right after the file: the search
 * path is pinned to pg_catalog (whatever the file set, nothing can stand in
 * for a catalog below), and the migration fails, rolled back whole, if the
 * init role has been granted to anyone (on some PostgreSQL versions a role
 * may grant itself, and whoever held it could act as the init role) or has
 * been given settings of its own (`ALTER ROLE … SET`, which would outlive the
 * migration).
 */
export function migrationGuard(roles: DomainRoles): string {
  const init = quoteLiteral(roles.init);
  return `SET LOCAL search_path = pg_catalog, pg_temp;
DO $flowschema_guard$
DECLARE init oid := (SELECT oid FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) ${init});
BEGIN
  IF EXISTS (SELECT FROM pg_catalog.pg_auth_members WHERE roleid OPERATOR(pg_catalog.=) init) THEN
    RAISE EXCEPTION 'flowschema: role % may not be granted to any role: the migration tried to, or an administrator did (REVOKE it)', ${init} USING ERRCODE = '42501';
  END IF;
  IF EXISTS (SELECT FROM pg_catalog.pg_db_role_setting WHERE setrole OPERATOR(pg_catalog.=) init) THEN
    RAISE EXCEPTION 'flowschema: role % may not have settings of its own: the migration set one, or an administrator did (ALTER ROLE % RESET ALL)', ${init}, ${init} USING ERRCODE = '42501';
  END IF;
END $flowschema_guard$;`;
}

/**
 * Run as the init role in the domain database: every schema and table it
 * creates later (lazily created flow schemas) is readable by execution and
 * writable by orchestration. Default privileges are per database, so the
 * role sets its own; no administrator is needed.
 */
export async function grantDefaultPrivileges(client: pg.Client | pg.PoolClient, roles: DomainRoles): Promise<void> {
  const [orch, exec] = [roles.orchestration, roles.execution].map(quoteIdent);
  // One round trip (a simple query of several statements).
  await client.query(
    [
      `ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO ${orch}, ${exec}`,
      `ALTER DEFAULT PRIVILEGES GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${orch}`,
      `ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO ${exec}`,
      `ALTER DEFAULT PRIVILEGES GRANT USAGE, SELECT ON SEQUENCES TO ${orch}`,
    ].join(';\n'),
  );
}

/**
 * The system schemas are the runtime's: orchestration may only read them,
 * execution may not see them at all (the default privileges above would
 * otherwise give them what flow schemas get). Run as their owner, the init role.
 */
export async function restrictSystemSchemas(client: pg.Client | pg.PoolClient, roles: DomainRoles): Promise<void> {
  const [orch, exec] = [roles.orchestration, roles.execution].map(quoteIdent);
  await client.query(
    SYSTEM_SCHEMAS.flatMap((schema) => [
      `REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${orch}, ${exec}`,
      `REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${schema} FROM ${orch}, ${exec}`,
      `REVOKE ALL ON SCHEMA ${schema} FROM ${exec}`,
      `GRANT USAGE ON SCHEMA ${schema} TO ${orch}`,
      `GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${orch}`,
    ]).join(';\n'),
  );
}
