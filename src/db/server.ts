import { join } from 'node:path';
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
  if (url) return { url, source: 'DATABASE_URL', stop: async () => {} };
  const embedded = await startEmbedded({ dir: join(projectDir, '.flowschema', 'pg'), persistent: true });
  // Ctrl-C or a kill must not leave the server running behind the CLI.
  const onSignal = (signal: NodeJS.Signals) => {
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
