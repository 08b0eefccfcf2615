import type pg from 'pg';
import { quoteIdent } from '../../model/index.ts';
import { tagOf } from '../../runtime/bootstrap-names.ts';
import { keyOf, type DbObject, type ObjectRow, type ObjectState } from '../objects.ts';
import { DATABASE, SERVER } from './database-state.ts';
import { inCatalogSnapshot } from './schema-state.ts';
import { yesNo } from './sql-parts.ts';

const ROLES_SQL = `
SELECT '${SERVER}'::text AS schema, 'role' AS kind, r.rolname::text AS name, NULL::text AS parent,
  jsonb_build_object(
    '_target', quote_ident(r.rolname),
    'superuser', ${yesNo('r.rolsuper')}, 'create database', ${yesNo('r.rolcreatedb')}, 'create role', ${yesNo('r.rolcreaterole')},
    'inherit', ${yesNo('r.rolinherit')}, 'login', ${yesNo('r.rolcanlogin')}, 'replication', ${yesNo('r.rolreplication')},
    'bypass row security', ${yesNo('r.rolbypassrls')}, 'connection limit', r.rolconnlimit::text, 'valid until', CASE WHEN r.rolvaliduntil <> 'infinity' THEN r.rolvaliduntil::text END,
    'member of', nullif(array_to_string(ARRAY(
      SELECT quote_ident(g.rolname) || CASE WHEN m.admin_option THEN ' with admin option' ELSE '' END
        FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid ORDER BY 1), ', '), ''),
    'members', nullif(array_to_string(ARRAY(
      SELECT quote_ident(g.rolname) || CASE WHEN m.admin_option THEN ' with admin option' ELSE '' END
        FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.member WHERE m.roleid = r.oid ORDER BY 1), ', '), ''),
    'settings', nullif(array_to_string(ARRAY(
      SELECT coalesce('in ' || (SELECT quote_ident(datname) FROM pg_database WHERE oid = s.setdatabase) || ': ', '') || c
        FROM pg_db_role_setting s, unnest(s.setconfig) c WHERE s.setrole = r.oid ORDER BY 1), ', '), ''),
    '_databases', (SELECT coalesce(jsonb_agg(quote_ident(datname) ORDER BY datname), '[]')::text FROM pg_database WHERE oid IN (SELECT setdatabase FROM pg_db_role_setting WHERE setrole = r.oid)),
    'comment', shobj_description(r.oid, 'pg_authid')
  ) AS props
  FROM pg_roles r WHERE r.rolname = ANY($1)`;

/**
 * The database as bootstrap leaves it: owned by whoever owns the drift
 * database (one administrator makes both), PUBLIC without any privilege,
 * the three roles allowed to connect and only the init role to create
 * schemas, no connection limit, no settings, marked as the domain's.
 */
const EXPECTED_DATABASE_SQL = `
SELECT '${DATABASE}'::text AS schema, 'database' AS kind, d.datname::text AS name, NULL::text AS parent,
  jsonb_build_object('_target', quote_ident(d.datname), 'owner', pg_get_userbyid(o.datdba),
    'privileges', array_to_string(ARRAY(SELECT x::text FROM unnest(ARRAY[
        (quote_ident(pg_get_userbyid(o.datdba)) || '=CTc/' || quote_ident(pg_get_userbyid(o.datdba)))::aclitem,
        (quote_ident($1) || '=Cc/' || quote_ident(pg_get_userbyid(o.datdba)))::aclitem,
        (quote_ident($2) || '=c/' || quote_ident(pg_get_userbyid(o.datdba)))::aclitem,
        (quote_ident($3) || '=c/' || quote_ident(pg_get_userbyid(o.datdba)))::aclitem]) x ORDER BY 1), ', '),
    'connection limit', '-1', 'allows connections', 'yes', 'template', 'no', 'comment', $4::text) AS props
  FROM pg_database d, pg_database o WHERE d.datname = current_database() AND o.datname = $5`;

export interface DomainRoleNames {
  readonly init: string;
  readonly orchestration: string;
  readonly execution: string;
}

/** The domain's roles as they are, and as bootstrap makes them: log in, nothing more, no memberships, no settings. */
export async function readRoleStates(client: pg.Client | pg.PoolClient, domain: string, roles: DomainRoleNames): Promise<{ live: ObjectState; expected: ObjectState }> {
  const names = [roles.init, roles.orchestration, roles.execution];
  const rows = await inCatalogSnapshot(client, async () => (await client.query<ObjectRow>(ROLES_SQL, [names])).rows);
  const expected = names.map(
    (name): DbObject => ({
      kind: 'role',
      name,
      parent: null,
      props: {
        _target: quoteIdent(name),
        superuser: 'no', 'create database': 'no', 'create role': 'no', inherit: 'no', login: 'yes', replication: 'no', 'bypass row security': 'no',
        'connection limit': '-1', 'valid until': null, 'member of': null, members: null, settings: null, comment: tagOf(domain),
      },
    }),
  );
  const map = (objects: readonly DbObject[]) => ({ objects: new Map(objects.map((o) => [keyOf(o), o])) });
  return { live: map(rows.map((r) => ({ kind: r.kind, name: r.name, parent: null, props: r.props }))), expected: map(expected) };
}

/** The domain database's expected state (see EXPECTED_DATABASE_SQL), read through a connection to it. */
export async function expectedDatabase(client: pg.Client | pg.PoolClient, domain: string, roles: DomainRoleNames, driftDatabase: string): Promise<ObjectRow | undefined> {
  const rows = await inCatalogSnapshot(client, async () => (await client.query<ObjectRow>(EXPECTED_DATABASE_SQL, [roles.init, roles.orchestration, roles.execution, tagOf(domain), driftDatabase])).rows);
  return rows[0];
}
