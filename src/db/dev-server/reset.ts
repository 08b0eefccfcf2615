import { databaseNameOf, driftDatabaseNameOf } from '../../model/index.ts';
import { databaseExists, dropDatabase } from '../databases.ts';

/** The databases `db reset` drops for these domains: each one's database and its drift database. */
export function domainDatabases(domains: readonly string[]): string[] {
  return domains.flatMap((d) => [databaseNameOf(d), driftDatabaseNameOf(d)]);
}

/**
 * Drops each domain's databases that exist (returned) (sessions still connected are ended: the
 * server is the project's own). Roles, their passwords and generated/ stay:
 * the next `up` makes the databases again and applies everything afresh.
 */
export async function resetDomainDatabases(serverUrl: string, domains: readonly string[]): Promise<string[]> {
  const dropped: string[] = [];
  for (const name of domainDatabases(domains))
    if (await databaseExists(serverUrl, name)) {
      await dropDatabase(serverUrl, name);
      dropped.push(name);
    }
  return dropped;
}
