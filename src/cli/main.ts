import yargs from 'yargs';
import { runCompile } from './compile-command.ts';
import { runPlan } from './plan-command.ts';
import { EXIT } from './exit-codes.ts';

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
    .command('verify', "compile, then apply every flow schema's migrations to fresh scratch databases (DATABASE_URL or the embedded PostgreSQL)", (y) =>
      y
        .option('definitions', { type: 'string', default: 'definitions', describe: 'folder of definition files' })
        .option('out', { type: 'string', default: 'generated', describe: 'output folder' }),
    )
    .demandCommand(1, 'name a command: compile, plan or verify')
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
  switch (args._[0]) {
    case 'compile':
      return runCompile({ ...options, check: args.check === true });
    case 'plan':
      return runPlan({ ...options, flow: typeof args.flow === 'string' ? args.flow : undefined, json: args.json === true });
    case 'verify':
      // Loaded only when needed: it brings the PostgreSQL client and server packages.
      return (await import('./verify-command.ts')).runVerify(options);
    default:
      process.stderr.write(`flowschema: unknown command '${String(args._[0])}'\n`);
      return EXIT.usage;
  }
}
