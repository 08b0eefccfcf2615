import type pg from 'pg';
import { connect } from './db.ts';

/**
 * What a hostile migration could try to change beyond its domain, read as
 * the test server's superuser: every role with its powers, every role
 * membership, every database, and in the domain's database its schemas (with
 * owners), the objects in `public`, large objects, event triggers and the
 * database's own privileges.
 */
export interface ClusterState {
  readonly roles: ReadonlyMap<string, string>;
  readonly memberships: ReadonlySet<string>;
  readonly databases: ReadonlySet<string>;
  readonly domain: {
    readonly schemas: readonly string[];
    readonly publicObjects: readonly string[];
    readonly largeObjects: number;
    readonly eventTriggers: readonly string[];
    readonly databaseAcl: string | null;
  };
}

export async function clusterState(adminDomainUrl: string): Promise<ClusterState> {
  const c = await connect(adminDomainUrl);
  try {
    const q = async <R extends pg.QueryResultRow>(sql: string) => (await c.query<R>(sql)).rows;
    const roles = await q<{ rolname: string; powers: string }>(
      `SELECT rolname, concat_ws(' ', CASE WHEN rolsuper THEN 'SUPERUSER' END, CASE WHEN rolcreaterole THEN 'CREATEROLE' END, CASE WHEN rolcreatedb THEN 'CREATEDB' END,
              CASE WHEN rolreplication THEN 'REPLICATION' END, CASE WHEN rolbypassrls THEN 'BYPASSRLS' END, CASE WHEN rolinherit THEN 'INHERIT' END, CASE WHEN rolcanlogin THEN 'LOGIN' END) AS powers
         FROM pg_roles`,
    );
    const memberships = await q<{ m: string }>(`SELECT r.rolname || ' > ' || m.rolname AS m FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member`);
    const databases = await q<{ datname: string }>('SELECT datname FROM pg_database');
    const schemas = await q<{ s: string }>(`SELECT nspname || ' owned by ' || pg_get_userbyid(nspowner) AS s FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY 1`);
    const publicObjects = await q<{ o: string }>(
      `SELECT 'relation ' || relname AS o FROM pg_class WHERE relnamespace = 'public'::regnamespace
       UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace
       UNION ALL SELECT 'type ' || typname FROM pg_type WHERE typnamespace = 'public'::regnamespace ORDER BY 1`,
    );
    const largeObjects = Number((await q<{ n: string }>('SELECT count(*) AS n FROM pg_largeobject_metadata'))[0]!.n);
    const eventTriggers = (await q<{ evtname: string }>('SELECT evtname FROM pg_event_trigger ORDER BY 1')).map((r) => r.evtname);
    const acl = (await q<{ acl: string | null }>('SELECT datacl::text AS acl FROM pg_database WHERE datname = current_database()'))[0]!.acl;
    return {
      roles: new Map(roles.map((r) => [r.rolname, r.powers])),
      memberships: new Set(memberships.map((r) => r.m)),
      databases: new Set(databases.map((r) => r.datname)),
      domain: { schemas: schemas.map((r) => r.s), publicObjects: publicObjects.map((r) => r.o), largeObjects, eventTriggers, databaseAcl: acl },
    };
  } finally {
    await c.end();
  }
}

/**
 * Every change between two states that no test could have made by itself.
 * Other test files run in parallel: they create and drop their own domain
 * roles and databases, and some change their own roles' powers and
 * memberships on purpose. So a new role is fine when it is a domain role
 * with no power but LOGIN, a new database when it is a test's (`t_…`) or a
 * domain's (`…_db`, `…_drift`); powers and memberships are compared for the
 * case's own domain roles (the only roles its migrations run as, and the
 * only ones a migration could reach); anything named `pwn…` (every payload's
 * name) anywhere is listed; and in the case's own database every schema,
 * object in public, large object, event trigger and privilege.
 */
export function escapedChanges(before: ClusterState, after: ClusterState, expectedSchemas: readonly string[], domainRoles: readonly string[]): string[] {
  const out: string[] = [];
  for (const [role, powers] of after.roles) {
    const was = before.roles.get(role);
    if (was === undefined) {
      if (!/_(init|orchestration|execution)$/.test(role) || powers !== 'LOGIN') out.push(`role ${role} created (${powers})`);
    } else if (was !== powers && domainRoles.includes(role)) out.push(`role ${role}: ${was} -> ${powers}`);
  }
  const involves = (m: string) => m.split(' > ').some((r) => domainRoles.includes(r) || r.startsWith('pwn'));
  for (const m of after.memberships) if (!before.memberships.has(m) && involves(m)) out.push(`membership ${m} granted`);
  for (const d of after.databases) if (!before.databases.has(d) && !/^t_|_db$|_drift$/.test(d)) out.push(`database ${d} created`);
  const schemas = after.domain.schemas.filter((s) => !before.domain.schemas.includes(s) && !expectedSchemas.includes(s));
  out.push(...schemas.map((s) => `schema ${s}`));
  out.push(...after.domain.publicObjects.filter((o) => !before.domain.publicObjects.includes(o)).map((o) => `public: ${o}`));
  if (after.domain.largeObjects !== before.domain.largeObjects) out.push(`large objects: ${before.domain.largeObjects} -> ${after.domain.largeObjects}`);
  out.push(...after.domain.eventTriggers.filter((t) => !before.domain.eventTriggers.includes(t)).map((t) => `event trigger ${t}`));
  if (after.domain.databaseAcl !== before.domain.databaseAcl) out.push(`database privileges: ${before.domain.databaseAcl} -> ${after.domain.databaseAcl}`);
  out.push(...[...after.roles.keys()].filter((r) => r.startsWith('pwn')).map((r) => `role ${r} exists`));
  out.push(...[...after.databases].filter((d) => d.startsWith('pwn')).map((d) => `database ${d} exists`));
  return [...new Set(out)];
}
