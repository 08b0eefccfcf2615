import type pg from 'pg';
import { quoteIdent, quoteLiteral } from '../model/index.ts';
import { SYSTEM_SCHEMAS } from './system-migrations.ts';

export interface DomainRoles {
  /** owns the schemas and runs DDL: migrations run as this role */
  readonly init: string;
  /** reads the system schemas, reads and writes flow schemas */
  readonly orchestration: string;
  /** reads flow schemas only */
  readonly execution: string;
}

export function rolesOf(domain: string): DomainRoles {
  const base = domain.replace(/-/g, '_');
  return { init: `${base}_init`, orchestration: `${base}_orchestration`, execution: `${base}_execution` };
}

/**
 * Creates the domain's three roles when missing (LOGIN, with `password` when given) and
 * the database-level grants: CONNECT only for them, never PUBLIC. Default
 * privileges make every schema and table that the init role creates later
 * (lazily created flow schemas) readable by execution and writable by
 * orchestration. Needs a connection that may create roles (a superuser).
 */
export async function ensureRoles(client: pg.Client | pg.PoolClient, roles: DomainRoles, password: string | undefined): Promise<void> {
  const db = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db;
  for (const role of [roles.init, roles.orchestration, roles.execution]) {
    // Roles are cluster-wide and other domains' runtimes may be creating theirs right now: an
    // existing role is left as it is (its password is the operator's to change), and losing a
    // race to create it is fine whichever way PostgreSQL reports it.
    const exists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount === 1;
    if (exists) continue;
    const pw = password === undefined ? '' : ` PASSWORD ${quoteLiteral(password)}`;
    await client.query(`CREATE ROLE ${quoteIdent(role)} LOGIN${pw}`).catch((error: { code?: string }) => {
      if (!['42710', '23505', 'XX000'].includes(error.code ?? '')) throw error;
    });
  }
  const [init, orch, exec] = [roles.init, roles.orchestration, roles.execution].map(quoteIdent);
  await client.query(`REVOKE ALL ON DATABASE ${quoteIdent(db)} FROM PUBLIC`);
  await client.query(`GRANT CONNECT ON DATABASE ${quoteIdent(db)} TO ${init}, ${orch}, ${exec}`);
  await client.query(`GRANT CREATE ON DATABASE ${quoteIdent(db)} TO ${init}`);
  await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${init} GRANT USAGE ON SCHEMAS TO ${orch}, ${exec}`);
  await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${init} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${orch}`);
  await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${init} GRANT SELECT ON TABLES TO ${exec}`);
  await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${init} GRANT USAGE, SELECT ON SEQUENCES TO ${orch}`);
}

/**
 * The system schemas are the runtime's: orchestration may only read them,
 * execution may not see them at all (the default privileges above would
 * otherwise give them what flow schemas get).
 */
export async function restrictSystemSchemas(client: pg.Client | pg.PoolClient, roles: DomainRoles): Promise<void> {
  const [orch, exec] = [roles.orchestration, roles.execution].map(quoteIdent);
  for (const schema of SYSTEM_SCHEMAS) {
    await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${orch}, ${exec}`);
    await client.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${schema} FROM ${orch}, ${exec}`);
    await client.query(`REVOKE ALL ON SCHEMA ${schema} FROM ${exec}`);
    await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${orch}`);
    await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${orch}`);
  }
}
