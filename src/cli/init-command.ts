import { dirname, resolve } from 'node:path';
import { runCompile } from './compile-command.ts';
import { domainNameError } from './project-server.ts';
import { EXIT } from './exit-codes.ts';
import type { ClientLanguage } from '../codegen/index.ts';
import { scaffoldProject } from './init-project.ts';

export interface InitOptions {
  readonly definitions: string;
  readonly out: string;
  readonly domain: string;
  readonly force: boolean;
  readonly client?: ClientLanguage | undefined;
}

/**
 * `flowschema init`: a sample domain and flow, package.json scripts,
 * .gitignore entries and a CI workflow in the project (an empty or an
 * existing one; nothing replaced without --force), then generated/ compiled.
 */
export async function runInit(options: InitOptions): Promise<number> {
  // The checks a definition's domain name gets, before the name is written into any file.
  const problem = domainNameError(options.domain);
  if (problem) {
    process.stderr.write(`${problem}\n`);
    return EXIT.usage;
  }
  const root = dirname(resolve(options.definitions));
  for (const step of scaffoldProject(root, options.domain, options.force))
    process.stdout.write(`${step.action.padEnd(8)} ${step.file}${step.action === 'kept' && !step.file.startsWith('.git') && step.file !== 'package.json' ? ' (it exists; --force replaces it)' : ''}\n`);
  return runCompile({ definitions: options.definitions, out: options.out, check: false, verify: false, client: options.client });
}
