import yargs from 'yargs';
import { runCompile } from './compile-command.ts';
import { EXIT } from './exit-codes.ts';
import { runVerify } from './verify-command.ts';

/** Parses argv, runs one command, returns its exit code. The only layer that prints and exits. */
export async function main(argv: readonly string[]): Promise<number> {
  let code: number = EXIT.ok;
  let usageError: string | undefined;
  const parser = yargs([...argv])
    .scriptName('flowschema')
    .usage('$0 <command> [options]')
    .command(
      'compile',
      'compile definitions/ into generated/ (SQL migrations, snapshots, manifests)',
      (y) =>
        y
          .option('definitions', { type: 'string', default: 'definitions', describe: 'folder of definition files' })
          .option('out', { type: 'string', default: 'generated', describe: 'output folder' })
          .option('check', { type: 'boolean', default: false, describe: 'write nothing; exit 1 when the output folder is stale' }),
      (args) => {
        code = runCompile({ definitions: args.definitions, out: args.out, check: args.check });
      },
    )
    .command(
      'verify',
      'compile, then apply every flow schema\'s migrations to fresh scratch databases (DATABASE_URL or the embedded PostgreSQL)',
      (y) =>
        y
          .option('definitions', { type: 'string', default: 'definitions', describe: 'folder of definition files' })
          .option('out', { type: 'string', default: 'generated', describe: 'output folder' }),
      async (args) => {
        code = await runVerify({ definitions: args.definitions, out: args.out });
      },
    )
    .demandCommand(1, 'name a command')
    .strict()
    .help()
    .version(false)
    .fail((message, error) => {
      if (error) throw error;
      usageError = message;
    })
    .exitProcess(false);
  await parser.parseAsync();
  if (usageError !== undefined) {
    process.stderr.write(`${await parser.getHelp()}\n\n${usageError}\n`);
    return EXIT.usage;
  }
  return code;
}
