import { join, resolve } from 'node:path';
import { rolePasswords } from '../db/index.ts';
import { rolesOf } from '../model/index.ts';
import { bootstrapDomain, bootstrapSql } from '../runtime/index.ts';
import { EXIT } from './exit-codes.ts';
import { projectRootOf, readManifests, withServer } from './project-server.ts';

export interface BootstrapOptions {
  readonly definitions: string;
  readonly out: string;
  readonly domain: string | undefined;
  /** print the privileged SQL for a DBA instead of running it */
  readonly sql: boolean;
  /** set the passwords of roles that already exist too */
  readonly resetPasswords: boolean;
}

/**
 * `flowschema bootstrap`: what needs an administrator, once per domain: its
 * roles, its databases and the grants that fence them. Runs it with
 * DATABASE_URL's user (or the embedded superuser), or with --sql prints it as
 * a psql script; afterwards up, start and drift need only the domain's roles.
 */
export async function runBootstrap(options: BootstrapOptions): Promise<number> {
  const manifests = readManifests(resolve(options.out)).filter((m) => options.domain === undefined || m.domain === options.domain);
  if (manifests.length === 0) {
    process.stderr.write(`flowschema: no ${options.domain === undefined ? 'domains' : `domain '${options.domain}'`} in ${options.out}\n`);
    return EXIT.usage;
  }
  const source = { env: process.env, secretsDir: join(projectRootOf(options.definitions), '.flowschema', 'secrets') };
  const targets = manifests.map((m) => ({ domain: m.domain, passwords: rolePasswords(rolesOf(m.domain), source), resetPasswords: options.resetPasswords }));
  if (options.sql) {
    process.stdout.write(targets.map(bootstrapSql).join('\n'));
    return EXIT.ok;
  }
  return withServer(options.definitions, async (server) => {
    for (const target of targets) {
      const { ran } = await bootstrapDomain(server.url, target);
      process.stdout.write(`domain ${target.domain}: ${ran.length === 0 ? 'already bootstrapped' : `bootstrapped (${ran.length} statement(s))`}\n`);
      for (const statement of ran) process.stdout.write(`  ${statement}\n`);
    }
    return EXIT.ok;
  });
}
