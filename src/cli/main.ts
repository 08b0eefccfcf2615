import yargs from 'yargs';
import { runCompile } from './compile-command.ts';
import { runPlan } from './plan-command.ts';
import { EXIT } from './exit-codes.ts';
import { FLOWSCHEMA_VERSION } from './version.ts';
import { loadSqlGrammar } from '../model/index.ts';
import { NotBootstrappedError, RuntimeError } from '../runtime/errors.ts';
import { isNetworkError, ServerError } from '../db/errors.ts';
import { interrupted, runInterruptCleanups, terminalIsChilds } from '../db/interrupt.ts';
import { DB_ACTIONS, type DbAction } from './db-actions.ts';
import { GeneratedSqlError } from '../emit/statement-kinds.ts';
import type { ClientLanguage } from '../codegen/index.ts';

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
        .option('check', { type: 'boolean', default: false, describe: 'write nothing; exit 1 when the output folder is stale' })
        .option('verify', { type: 'boolean', default: false, describe: "first apply every flow's migrations in its domain's scratch database (PostgreSQL: DATABASE_URL or embedded); exit 1 if refused" })
        .option('client', { choices: ['ts', 'js'] as const, describe: 'clients as TypeScript (client.ts) or ESM JavaScript with declarations (client.js, client.d.ts); default: what the output folder holds, else ts' }),
    )
    .command('init', 'a sample domain and flow, package.json scripts, .gitignore entries and a CI workflow; then compile (nothing replaced without --force)', (y) =>
      y
        .option('definitions', { type: 'string', default: 'definitions', describe: 'folder of definition files' })
        .option('out', { type: 'string', default: 'generated', describe: 'output folder' })
        .option('domain', { type: 'string', default: 'shop', describe: 'the sample domain' })
        .option('client', { choices: ['ts', 'js'] as const, describe: 'clients as TypeScript or as JavaScript with declarations (kept by later compiles)' })
        .option('force', { type: 'boolean', default: false, describe: 'replace files that exist' }),
    )
    .command('import <paths..>', 'vNext JSON definitions (files or folders) into definitions/: one file per component, scripts beside them; writes nothing unless the result compiles', (y) =>
      y
        .positional('paths', { type: 'string', array: true, demandOption: true, describe: 'vNext JSON files, or folders of them' })
        .option('out', { type: 'string', default: 'definitions', describe: 'the definitions folder to import into' })
        .option('force', { type: 'boolean', default: false, describe: 'replace definition files that exist' })
        .option('check', { type: 'boolean', default: false, describe: 'write nothing: import, compile and compare each component with its JSON (the round trip); exit 1 unless all are exact' }),
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
        .option('check-drift', { type: 'boolean', default: false, describe: 'then check each domain for drift, as flowschema drift (exit 1 on drift)' })
        .option('lock-timeout', { type: 'number', default: 2000, describe: 'ms a migration step waits for a table lock before it gives up and is tried again' })
        .option('statement-timeout', { type: 'number', describe: 'ms a statement of a transaction step may run (0: no limit; default: 60000 for migrations in steps, none for others)' }),
    )
    .command('start <flow>', 'start one instance of a flow (creating its schema on its first start) and print it', (y) =>
      y
        .positional('flow', { type: 'string', demandOption: true, describe: 'the flow key' })
        .option('definitions', { type: 'string', default: 'definitions', describe: 'folder of definition files' })
        .option('out', { type: 'string', default: 'generated', describe: 'output folder' })
        .option('key', { type: 'string', describe: 'the instance key (default: generated)' })
        .option('data', { type: 'string', describe: 'the instance data document, as JSON' }),
    )
    .command('status', 'per domain, each schema with its live and target versions, applied and pending migrations', (y) =>
      y
        .option('definitions', { type: 'string', default: 'definitions', describe: 'folder of definition files' })
        .option('out', { type: 'string', default: 'generated', describe: 'output folder' })
        .option('domain', { type: 'string', describe: 'only this domain' })
        .option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
    )
    .command('drift', 'compare each domain database with what its migrations should have produced; changes nothing', (y) =>
      y
        .option('definitions', { type: 'string', default: 'definitions', describe: 'folder of definition files' })
        .option('out', { type: 'string', default: 'generated', describe: 'output folder' })
        .option('domain', { type: 'string', describe: 'only this domain' })
        .option('schema', { type: 'string', describe: 'only this schema' })
        .option('json', { type: 'boolean', default: false, describe: 'same as --format json' })
        .option('format', { choices: ['text', 'json', 'github'] as const, default: 'text' as const, describe: 'output format' })
        .option('fix-sql', { type: 'boolean', default: false, describe: 'print one SQL script that restores the expected state (it is never run)' }),
    )
    .command('db <action>', "the project's embedded PostgreSQL: start (kept running for every command), stop, status, url (for an app), psql, reset (drop the domain databases)", (y) =>
      y
        .positional('action', { choices: DB_ACTIONS, demandOption: true, describe: 'what to do' })
        .option('definitions', { type: 'string', default: 'definitions', describe: 'folder of definition files' })
        .option('out', { type: 'string', default: 'generated', describe: 'output folder' })
        .option('domain', { type: 'string', describe: "url, psql: the domain's database as one of its roles; reset: only this domain" })
        .option('role', { choices: ['init', 'orchestration', 'execution'] as const, describe: 'url, psql: the role to log in as (default orchestration)' })
        .option('json', { type: 'boolean', default: false, describe: 'status: print JSON' })
        .option('force', { type: 'boolean', default: false, describe: 'reset: do not ask' }),
    )
    .demandCommand(1, 'name a command: init, compile, import, plan, bootstrap, up, start, status, drift or db')
    .parserConfiguration({ 'populate--': true })
    .strict()
    .help()
    .version('version', 'print the version of flowschema', FLOWSCHEMA_VERSION)
    .showHelpOnFail(false)
    .fail((message, error) => {
      usageError = message ?? error?.message ?? 'bad usage';
    })
    .exitProcess(false);
  const args = await parser.parseAsync();
  if (usageError !== undefined) {
    process.stderr.write(`flowschema: ${usageError.replace(/\s*\n\s*/g, ' ')}\nRun flowschema --help for the commands and options.\n`);
    return EXIT.usage;
  }
  if (args.help || args.version) return EXIT.ok;
  const options = {
    definitions: String(args.definitions ?? 'definitions'),
    out: String(args.out ?? 'generated'),
  };
  // PostgreSQL's grammar checks every SQL fragment and every rendered migration (src/model/sql-grammar.ts).
  if (['init', 'compile', 'import', 'plan', 'up', 'start'].includes(String(args._[0]))) await loadSqlGrammar();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signal === 'SIGINT' && terminalIsChilds()) return; // psql's Ctrl-C: it cancels its query
    const code = signal === 'SIGINT' ? 130 : 143;
    if (interrupted()) process.exit(code); // a second Ctrl-C: no more waiting
    process.stderr.write(`flowschema: ${signal === 'SIGINT' ? 'interrupted' : 'terminated'}\n`);
    // Scratch schemas dropped, the embedded server left (and stopped when this was its last user); bounded.
    void Promise.race([runInterruptCleanups(), new Promise((done) => setTimeout(done, 60_000).unref())]).finally(() => process.exit(code));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const code = await run(String(args._[0]), args, options);
    // A signal came while the command was finishing: its cleanups decide, and end the process with 130/143.
    if (interrupted()) return new Promise<number>(() => {});
    return code;
  } catch (error) {
    // A signal is stopping the embedded server (and will end the process): what failed because of it is not news.
    if (interrupted()) return new Promise<number>(() => {});
    const code = exitCodeOf(error);
    if (code === undefined) throw error;
    process.stderr.write(`flowschema: ${oneLine(error)}\n`);
    return code;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

/**
 * What a command's failure means for its exit code: no usable server (a
 * malformed or unreachable URL, credentials that do not open the domain, a
 * domain not bootstrapped) is 2; a refusal (a tampered manifest, a failed
 * migration, a duplicate key…) or anything PostgreSQL said no to is 1; a
 * generated migration that is not its plan's is a flowschema bug, 1. Each is
 * reported in one line (a failed migration adds its statement, detail and
 * hint). Anything else is a bug of flowschema's: its stack trace is shown.
 */
function exitCodeOf(error: unknown): number | undefined {
  if (error instanceof ServerError || error instanceof NotBootstrappedError || isNetworkError(error)) return EXIT.usage;
  if (error instanceof RuntimeError || error instanceof GeneratedSqlError) return EXIT.problems;
  if (/^[0-9A-Z]{5}$/.test(String((error as { code?: unknown })?.code ?? ''))) return EXIT.problems;
  return undefined;
}

function clientOption(value: unknown): ClientLanguage | undefined {
  return value === 'ts' || value === 'js' ? value : undefined;
}

function oneLine(error: unknown): string {
  const e = error as { message?: string; code?: string };
  if (error instanceof RuntimeError || error instanceof ServerError || error instanceof GeneratedSqlError) return e.message ?? String(error);
  return isNetworkError(error) ? `cannot reach PostgreSQL (${e.message})` : `PostgreSQL refused: ${e.message} (SQLSTATE ${e.code})`;
}

async function run(command: string, args: Awaited<ReturnType<ReturnType<typeof yargs>['parseAsync']>>, options: { definitions: string; out: string }): Promise<number> {
  switch (command) {
    case 'compile':
      return runCompile({ ...options, check: args.check === true, verify: args.verify === true, client: clientOption(args.client) });
    case 'init':
      return (await import('./init-command.ts')).runInit({ ...options, domain: String(args.domain), force: args.force === true, client: clientOption(args.client) });
    case 'import':
      return (await import('./import-command.ts')).runImport({ paths: (args.paths as string[]).map(String), definitions: String(args.out ?? 'definitions'), force: args.force === true, check: args.check === true });
    case 'plan':
      return runPlan({ ...options, flow: typeof args.flow === 'string' ? args.flow : undefined, json: args.json === true });
    case 'bootstrap':
      return (await import('./bootstrap-command.ts')).runBootstrap({ ...options, domain: typeof args.domain === 'string' ? args.domain : undefined, sql: args.sql === true, resetPasswords: args['reset-passwords'] === true });
    case 'up':
      return (await import('./up-command.ts')).runUp({ ...options, domain: typeof args.domain === 'string' ? args.domain : undefined, startAll: args['start-all'] === true, checkDrift: args['check-drift'] === true, lockTimeoutMs: Number(args['lock-timeout']), statementTimeoutMs: args['statement-timeout'] === undefined ? undefined : Number(args['statement-timeout']) });
    case 'start':
      return (await import('./start-command.ts')).runStart({ ...options, flow: String(args.flow), key: typeof args.key === 'string' ? args.key : undefined, data: typeof args.data === 'string' ? args.data : undefined });
    case 'status':
      return (await import('./status-command.ts')).runStatus({ ...options, json: args.json === true, domain: typeof args.domain === 'string' ? args.domain : undefined });
    case 'drift':
      return (await import('./drift-command.ts')).runDrift({
        ...options,
        domain: typeof args.domain === 'string' ? args.domain : undefined,
        schema: typeof args.schema === 'string' ? args.schema : undefined,
        format: args.json === true ? 'json' : (args.format as 'text' | 'json' | 'github'),
        fixSql: args['fix-sql'] === true,
      });
    case 'db':
      return (await import('./db-command.ts')).runDb({
        ...options,
        action: args.action as DbAction,
        domain: typeof args.domain === 'string' ? args.domain : undefined,
        role: typeof args.role === 'string' ? (args.role as 'init' | 'orchestration' | 'execution') : undefined,
        json: args.json === true,
        force: args.force === true,
        rest: ((args['--'] as unknown[] | undefined) ?? []).map(String),
      });
    default:
      process.stderr.write(`flowschema: unknown command '${command}'\n`);
      return EXIT.usage;
  }
}
