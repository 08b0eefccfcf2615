import { createClient } from '@pgkit/client';
import { run } from '@pgkit/migra';

/**
 * The statements @pgkit/migra would run to turn `fromUrl`'s schema into
 * `toUrl`'s (restricted to `schema`). Clients are created here and ended, so
 * no pool outlives the call.
 */
export async function migraStatements(fromUrl: string, toUrl: string, schema: string): Promise<string[]> {
  const from = createClient(fromUrl);
  const to = createClient(toUrl);
  try {
    const migration = await run(from, to, { schema, unsafe: true });
    return [...migration.statements].map(String).filter((s) => s.trim() !== '');
  } finally {
    await from.end();
    await to.end();
  }
}
