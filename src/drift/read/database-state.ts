import type pg from 'pg';
import { statesOf, type ObjectRow, type ObjectState } from '../objects.ts';
import { inCatalogSnapshot } from './schema-state.ts';
import { aclOf, commentOf, DEFAULT_ACL_OBJECTS, enabledState, optionsOf, yesNo } from './sql-parts.ts';

/** The pseudo-schema database-wide objects are reported under. */
export const DATABASE = '(database)';
/** The pseudo-schema the domain's roles (cluster-wide) are reported under. */
export const SERVER = '(server)';

const row = (kind: string, name: string, props: string) => `SELECT '${DATABASE}'::text AS schema, '${kind}'::text AS kind, (${name})::text AS name, NULL::text AS parent, jsonb_build_object(${props}) AS props`;

/**
 * What a domain database holds outside the schemas drift compares one by
 * one (`$1`: those schemas, and every other schema flowschema knows): other
 * schemas, extensions installed elsewhere, event triggers, publications,
 * procedural languages, casts, foreign-data wrappers, servers and user
 * mappings, subscriptions, transforms, access methods, database-wide default
 * privileges and settings. All of it pg_dump prints; flowschema makes none
 * of it, so in a domain database it is what the drift database has.
 */
const DATABASE_OBJECTS_SQL = [
  `${row('schema', 'n.nspname', `'_target', quote_ident(n.nspname), 'owner', pg_get_userbyid(n.nspowner), 'privileges', ${aclOf('n.nspacl', "'n'", 'n.nspowner')}, 'comment', ${commentOf('pg_namespace', 'n.oid')}`)}
     FROM pg_namespace n WHERE n.nspname <> ALL($1) AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname !~ '^pg_(toast_)?temp_'`,
  `${row('extension', 'x.extname', `'_target', quote_ident(x.extname), 'version', x.extversion, 'schema', n.nspname, 'owner', pg_get_userbyid(x.extowner), 'comment', ${commentOf('pg_extension', 'x.oid')}`)}
     FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace WHERE n.nspname <> ALL($1)`,
  `${row('event trigger', 'e.evtname', `'_target', quote_ident(e.evtname), 'event', e.evtevent, 'function', e.evtfoid::regproc::text, 'tags', array_to_string(e.evttags, ', '), 'enabled', ${enabledState('e.evtenabled')}, 'owner', pg_get_userbyid(e.evtowner), 'comment', ${commentOf('pg_event_trigger', 'e.oid')}`)}
     FROM pg_event_trigger e`,
  `${row('publication', 'p.pubname', `'_target', quote_ident(p.pubname), 'all tables', ${yesNo('p.puballtables')}, 'operations', concat_ws(', ', CASE WHEN p.pubinsert THEN 'insert' END, CASE WHEN p.pubupdate THEN 'update' END, CASE WHEN p.pubdelete THEN 'delete' END, CASE WHEN p.pubtruncate THEN 'truncate' END), 'via partition root', ${yesNo('p.pubviaroot')}, 'owner', pg_get_userbyid(p.pubowner), 'comment', ${commentOf('pg_publication', 'p.oid')}`)}
     FROM pg_publication p`,
  `${row('language', 'l.lanname', `'_target', quote_ident(l.lanname), 'trusted', ${yesNo('l.lanpltrusted')}, 'handler', l.lanplcallfoid::regproc::text, 'owner', pg_get_userbyid(l.lanowner), 'privileges', ${aclOf('l.lanacl', "'l'", 'l.lanowner')}, 'comment', ${commentOf('pg_language', 'l.oid')}`)}
     FROM pg_language l WHERE l.lanispl`,
  `${row('cast', `format_type(c.castsource, NULL) || ' AS ' || format_type(c.casttarget, NULL)`, `'_target', '(' || format_type(c.castsource, NULL) || ' AS ' || format_type(c.casttarget, NULL) || ')', 'function', CASE WHEN c.castfunc <> 0 THEN c.castfunc::regprocedure::text END, 'context', c.castcontext::text, 'method', c.castmethod::text, 'comment', ${commentOf('pg_cast', 'c.oid')}`)}
     FROM pg_cast c WHERE c.oid >= 16384`,
  `${row('foreign-data wrapper', 'w.fdwname', `'_target', quote_ident(w.fdwname), 'owner', pg_get_userbyid(w.fdwowner), 'handler', w.fdwhandler::regproc::text, 'validator', w.fdwvalidator::regproc::text, 'options', ${optionsOf('w.fdwoptions')}, 'privileges', ${aclOf('w.fdwacl', "'F'", 'w.fdwowner')}`)}
     FROM pg_foreign_data_wrapper w`,
  `${row('server', 's.srvname', `'_target', quote_ident(s.srvname), 'owner', pg_get_userbyid(s.srvowner), 'wrapper', (SELECT fdwname FROM pg_foreign_data_wrapper WHERE oid = s.srvfdw), 'type', s.srvtype, 'version', s.srvversion, 'options', ${optionsOf('s.srvoptions')}, 'privileges', ${aclOf('s.srvacl', "'S'", 's.srvowner')}`)}
     FROM pg_foreign_server s`,
  `${row('user mapping', `u.usename || ' on ' || u.srvname`, `'_target', 'FOR ' || CASE WHEN u.umuser = 0 THEN 'PUBLIC' ELSE quote_ident(u.usename) END || ' SERVER ' || quote_ident(u.srvname)`)}
     FROM pg_user_mappings u`,
  `${row('subscription', 's.subname', `'_target', quote_ident(s.subname), 'owner', pg_get_userbyid(s.subowner), 'enabled', ${yesNo('s.subenabled')}, 'publications', array_to_string(s.subpublications, ', ')`)}
     FROM (SELECT oid, subname, subowner, subenabled, subpublications FROM pg_subscription WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())) s`,
  `${row('transform', `format_type(t.trftype, NULL) || ' language ' || (SELECT lanname FROM pg_language WHERE oid = t.trflang)`, `'_target', 'FOR ' || format_type(t.trftype, NULL) || ' LANGUAGE ' || (SELECT quote_ident(lanname) FROM pg_language WHERE oid = t.trflang)`)}
     FROM pg_transform t WHERE t.oid >= 16384`,
  `${row('access method', 'a.amname', `'_target', quote_ident(a.amname), 'type', a.amtype::text, 'handler', a.amhandler::regproc::text`)}
     FROM pg_am a WHERE a.oid >= 16384`,
  `${row('default privileges', `pg_get_userbyid(da.defaclrole) || ' on ' || ${DEFAULT_ACL_OBJECTS}`, `'_role', quote_ident(pg_get_userbyid(da.defaclrole)), '_objects', ${DEFAULT_ACL_OBJECTS}, 'privileges', nullif(array_to_string(ARRAY(SELECT x::text FROM unnest(da.defaclacl) x ORDER BY 1), ', '), '')`)}
     FROM pg_default_acl da WHERE da.defaclnamespace = 0`,
  // Settings of a domain role are the role's (see ROLES_SQL); these are the database's own and other roles' in it.
  `${row('settings', `CASE WHEN s.setrole = 0 THEN 'of the database' ELSE 'of role ' || pg_get_userbyid(s.setrole) END`, `'_role', CASE WHEN s.setrole <> 0 THEN quote_ident(pg_get_userbyid(s.setrole)) END, '_database', quote_ident(current_database()), 'settings', array_to_string(ARRAY(SELECT c FROM unnest(s.setconfig) c ORDER BY 1), ', ')`)}
     FROM pg_db_role_setting s WHERE s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database()) AND pg_get_userbyid(s.setrole) <> ALL($2)`,
].join('\nUNION ALL\n');

/** The database itself, with what pg_dump --create prints for it. */
const DATABASE_SQL = `
SELECT '${DATABASE}'::text AS schema, 'database' AS kind, d.datname::text AS name, NULL::text AS parent,
  jsonb_build_object('_target', quote_ident(d.datname), 'owner', pg_get_userbyid(d.datdba), 'privileges', ${aclOf('d.datacl', "'d'", 'd.datdba')},
    'connection limit', d.datconnlimit::text, 'allows connections', ${yesNo('d.datallowconn')}, 'template', ${yesNo('d.datistemplate')},
    'comment', shobj_description(d.oid, 'pg_database')) AS props
  FROM pg_database d WHERE d.datname = current_database()`;

/**
 * Database-wide objects of the connected database (`known`: the schemas
 * compared one by one, and any other flowschema knows of; `roles`: the
 * domain's roles, whose settings are read with them), and the database.
 */
export async function readDatabaseState(client: pg.Client | pg.PoolClient, known: readonly string[], roles: readonly string[]): Promise<{ objects: ObjectState; database: ObjectRow }> {
  const [rows, database] = await inCatalogSnapshot(client, async () => [
    (await client.query<ObjectRow>(DATABASE_OBJECTS_SQL, [known, roles])).rows,
    (await client.query<ObjectRow>(DATABASE_SQL)).rows[0]!,
  ] as const);
  return { objects: statesOf([DATABASE], rows).get(DATABASE)!, database };
}
