import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { checkGeneratedCurrent } from './generated-current.ts';
import { createRuntime, startInstance } from '../runtime/index.ts';
import { EXIT } from './exit-codes.ts';
import { domainAccess, projectRootOf, readManifests, withServer } from './project-server.ts';

export interface StartOptions {
  readonly definitions: string;
  readonly out: string;
  readonly flow: string;
  readonly key: string | undefined;
  readonly data: string | undefined;
}

/** `flowschema start <flow>`: one instance (creating the flow's schema on its first start), printed as JSON. */
export async function runStart(options: StartOptions): Promise<number> {
  let data: unknown = {};
  if (options.data !== undefined) {
    try {
      data = JSON.parse(options.data);
    } catch (error) {
      process.stderr.write(`flowschema: --data is not JSON: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
  }
  const outDir = resolve(options.out);
  const manifest = readManifests(outDir).find((m) => m.schemas.some((s) => s.flow === options.flow));
  if (!manifest) {
    process.stderr.write(`flowschema: no flow '${options.flow}' in ${options.out}\n`);
    return EXIT.usage;
  }
  const current = await checkGeneratedCurrent(options.definitions, options.out, 'start');
  if (current !== EXIT.ok) return current;
  if (options.key === '') {
    process.stderr.write('flowschema: --key must not be empty\n');
    return EXIT.usage;
  }
  return withServer(options.definitions, async (server) => {
    const access = await domainAccess(server, projectRootOf(options.definitions), manifest.domain);
    // The schema (on a flow's first start) as the init role; the instance as the orchestration role.
    const runtime = createRuntime({ domain: manifest.domain, connection: access.url('init'), generated: outDir });
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: access.url('orchestration'), max: 1 });
    pool.on('error', () => {});
    try {
      const key = options.key ?? `${options.flow}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
      // The flow's definition is deployed once its schema is live, as up does: no instance of an unrecorded version.
      const instance = await startInstance(runtime, pool, options.flow, key, data, { deploy: true });
      process.stdout.write(`${JSON.stringify(instance, null, 2)}\n`);
      return EXIT.ok;
    } finally {
      await pool.end();
      await runtime.close();
    }
  });
}
