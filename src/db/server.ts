import { InvalidDatabaseUrlError } from './errors.ts';
import { openDevServer } from './dev-server/index.ts';

export interface Server {
  /** A URL to the server's maintenance database; domain databases are created beside it. */
  readonly url: string;
  readonly source: 'DATABASE_URL' | 'embedded';
  /** what was found and repaired on the way to the embedded server (a stale postmaster.pid, a server a killed command left) */
  readonly notes: readonly string[];
  /** Done with the server: the embedded one stops when no other command uses it and `db start` does not keep it. */
  stop(): Promise<void>;
}

/**
 * The PostgreSQL server the CLI works on: DATABASE_URL when set, otherwise
 * the project's embedded PostgreSQL (`<projectDir>/.flowschema/pg/`), shared
 * with every other command running for the project and with `db start`.
 */
export async function openServer(projectDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Server> {
  const url = env.DATABASE_URL;
  if (url) {
    checkServerUrl(url);
    return { url, source: 'DATABASE_URL', notes: [], stop: async () => {} };
  }
  const embedded = await openDevServer(projectDir);
  return { url: embedded.url, source: 'embedded', notes: embedded.notes, stop: embedded.release };
}

/** DATABASE_URL must be a postgres:// URL: anything else would be read by pg as a host name. */
export function checkServerUrl(url: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  // A host in the URL, or libpq's `?host=` (a Unix socket folder: postgres:///db?host=/var/run/postgresql).
  if (!parsed || !['postgres:', 'postgresql:'].includes(parsed.protocol) || (parsed.hostname === '' && !parsed.searchParams.get('host')))
    throw new InvalidDatabaseUrlError(`DATABASE_URL is not a PostgreSQL URL: write it as postgres://user:password@host:port/database`);
}
