import { join } from 'node:path';
import { InvalidDatabaseUrlError } from './errors.ts';
import { startEmbedded } from './embedded.ts';

export interface Server {
  /** A URL to the server's maintenance database; domain databases are created beside it. */
  readonly url: string;
  readonly source: 'DATABASE_URL' | 'embedded';
  stop(): Promise<void>;
}

/**
 * The PostgreSQL server the CLI works on: DATABASE_URL when set, otherwise an
 * embedded PostgreSQL whose data lives under `<projectDir>/.flowschema/`.
 */
export async function openServer(projectDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Server> {
  const url = env.DATABASE_URL;
  if (url) {
    checkServerUrl(url);
    return { url, source: 'DATABASE_URL', stop: async () => {} };
  }
  const embedded = await startEmbedded({ dir: join(projectDir, '.flowschema', 'pg'), persistent: true });
  // Ctrl-C or a kill must not leave the server running behind the CLI. What was running then fails
  // (its connections end): `interrupted()` tells the CLI not to report that as an error of its own.
  const onSignal = (signal: NodeJS.Signals) => {
    stopping = true;
    process.stderr.write(`flowschema: ${signal === 'SIGINT' ? 'interrupted' : 'terminated'}: stopping the embedded PostgreSQL\n`);
    void embedded.stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    url: embedded.url,
    source: 'embedded',
    stop: async () => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      await embedded.stop();
    },
  };
}

let stopping = false;

/** True once a signal is stopping the embedded server: what fails from then on is the signal's doing. */
export function interrupted(): boolean {
  return stopping;
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
