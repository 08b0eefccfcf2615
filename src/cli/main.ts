import yargs from 'yargs';
import { runCompile } from './compile-command.ts';
import { runPlan } from './plan-command.ts';
import { EXIT } from './exit-codes.ts';
import { loadSqlGrammar } from '../model/index.ts';
import { RuntimeError } from '../runtime/errors.ts';
import { GeneratedSqlError } from '../emit/statement-kinds.ts';

/**
 * Parses argv, runs one command, returns its exit code. The CLI is the only
 * layer that prints and exits. Parsing and running are kept apart so a usage
 * error can never run half a command.
 */
export async function main(argv: readonly string[]): Promise<number> {
  let usageError: string | undefined;
  const parser = yargs([...argv])
    .scriptName('flowschema')
    .usage('$0 <command> [options]')
    .command('compile', 'compile definitions/ into generated/ (SQL migrations, snapshots, manifests)', (y) =>
      y
        .option('definitions', { type: 'string', default: 'definitions', describe: 'folder of definition files' })
        .option('out', { type: 'string', default: 'generated', describe: 'output folder' })
        .option('check', { type: 'boolean', default: false, describe: 'write nothing; exit 1 when the output folder is stale' }),
    )
    .command('plan', 'show the migrations compile would write now, in words and SQL; writes nothing', (y) =>
      y
        .option('definitions', { type: 'string', default: 'definitions', describe: 'folder of definition files' })
        .option('out', { type: 'string', default: 'generated', describe: 'output folder' })
        .option('flow', { type: 'string', describe: 'only this flow (its key)' })
        .option('json', { type: 'boolean', default: false, describe: 'print the plan as JSON' }),
    )
    .command('bootstrap', 'create each domain\'s roles, databases and grants (needs an administrator); --sql prints them for a DBA', (y) =>
      y
        .option('definitions', { type: 'string', default: 'definitions', describe: 'folder of definition files' })
        .option('out', { type: 'string', default: 'generated', describe: 'output folder' })
        .option('domain', { type: 'string', describe: 'only this domain' })
        .option('sql', { type: 'boolean', default: false, describe: 'print the SQL (a psql script) instead of running it' })
        .option('reset-passwords', { type: 'boolean', default: false, describe: 'also set the passwords of roles that already exist' }),
    )
    .command('up', 'check generated/, then for each domain: database, system schemas, roles, upgrade of created flow schemas, status', (y) =>
      y
        .option('definitions', { type: 'string', default: 'definitions', describe: 'folder of definition files' })
        .option('out', { type: 'string', default: 'generated', describe: 'output folder' })
        .option('domain', { type: 'string', describe: 'only this domain' })
        .option('start-all', { type: 'boolean', default: false, describe: 'then start one instance of every flow (the npm start demo)' })
        .option('check-drift', { type: 'boolean', default: false, describe: 'then check each domain for drift, as flowschema drift (exit 1 on drift)' }),
    )
    .command('start <flow>', 'start one instance of a flow (creating its schema on its first start) and print it', (y) =>
      y
        .positional('flow', { type: 'string', demandOption: true, describe: 'the flow key' })
        .option('definitions', { type: 'string', default: 'definitions', describe: 'folder of definition files' })
        .option('out', { type: 'string', default: 'generated', describe: 'output folder' })
        .option('key', { type: 'string', describe: 'the instance key (default: generated)' })
        .option('data', { type: 'string', describe: 'the instance data document, as JSON' }),
    )
    .command('status', 'per domain, each schema with its applied and pending migrations', (y) =>
      y
        .option('definitions', { type: 'string', default: 'definitions', describe: 'folder of definition files' })
        .option('out', { type: 'string', default: 'generated', describe: 'output folder' })
        .option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
    )
    .command('drift', 'compare each domain database with what its migrations should have produced; changes nothing', (y) =>
      y
        .option('definitions', { type: 'string', default: 'definitions', describe: 'folder of definition files' })
        .option('out', { type: 'string', default: 'generated', describe: 'output folder' })
        .option('domain', { type: 'string', describe: 'only this domain' })
        .option('schema', { type: 'string', describe: 'only this schema' })
        .option('json', { type: 'boolean', default: false, describe: 'same as --format json' })
        .option('format', { choices: ['text', 'json', 'github'] as const, default: 'text' as const, describe: 'output format' }),
    )
    .demandCommand(1, 'name a command: compile, plan, bootstrap, up, start, status or drift')
    .strict()
    .help()
    .version(false)
    .showHelpOnFail(false)
    .fail((message, error) => {
      usageError = message ?? error?.message ?? 'bad usage';
    })
    .exitProcess(false);
  const args = await parser.parseAsync();
  if (usageError !== undefined) {
    process.stderr.write(`flowschema: ${usageError}\nRun flowschema --help for the commands and options.\n`);
    return EXIT.usage;
  }
  if (args.help) return EXIT.ok;
  const options = {
    definitions: String(args.definitions ?? 'definitions'),
    out: String(args.out ?? 'generated'),
  };
  // PostgreSQL's grammar checks every SQL fragment and every rendered migration (src/model/sql-grammar.ts).
  if (['compile', 'plan', 'up'].includes(String(args._[0]))) await loadSqlGrammar();
  try {
    return await run(String(args._[0]), args, options);
  } catch (error) {
    // A refusal of the runtime (a tampered manifest, a domain not bootstrapped…) or a generated migration that is
    // not its plan's (a flowschema bug, nothing written) is one line, not a stack trace.
    if (error instanceof RuntimeError || error instanceof GeneratedSqlError) {
      process.stderr.write(`flowschema: ${error.message}\n`);
      return EXIT.problems;
    }
    throw error;
  }
}

async function run(command: string, args: Awaited<ReturnType<ReturnType<typeof yargs>['parseAsync']>>, options: { definitions: string; out: string }): Promise<number> {
  switch (command) {
    case 'compile':
      return runCompile({ ...options, check: args.check === true });
    case 'plan':
      return runPlan({ ...options, flow: typeof args.flow === 'string' ? args.flow : undefined, json: args.json === true });
    case 'bootstrap':
      return (await import('./bootstrap-command.ts')).runBootstrap({ ...options, domain: typeof args.domain === 'string' ? args.domain : undefined, sql: args.sql === true, resetPasswords: args['reset-passwords'] === true });
    case 'up':
      return (await import('./up-command.ts')).runUp({ ...options, domain: typeof args.domain === 'string' ? args.domain : undefined, startAll: args['start-all'] === true, checkDrift: args['check-drift'] === true });
    case 'start':
      return (await import('./start-command.ts')).runStart({ ...options, flow: String(args.flow), key: typeof args.key === 'string' ? args.key : undefined, data: typeof args.data === 'string' ? args.data : undefined });
    case 'status':
      return (await import('./status-command.ts')).runStatus({ ...options, json: args.json === true });
    case 'drift':
      return (await import('./drift-command.ts')).runDrift({
        ...options,
        domain: typeof args.domain === 'string' ? args.domain : undefined,
        schema: typeof args.schema === 'string' ? args.schema : undefined,
        format: args.json === true ? 'json' : (args.format as 'text' | 'json' | 'github'),
      });
    default:
      process.stderr.write(`flowschema: unknown command '${command}'\n`);
      return EXIT.usage;
  }
}
