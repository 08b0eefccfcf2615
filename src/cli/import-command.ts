import { ImportTargetError, planImport, readImportInputs, writeImport } from '../import/project.ts';
import { roundTrip } from '../import/round-trip.ts';
import type { ImportDiagnostic } from '../import/context.ts';
import { EXIT } from './exit-codes.ts';
import { printDiagnostics, visible } from './print.ts';

export interface ImportOptions {
  readonly paths: readonly string[];
  readonly definitions: string;
  readonly force: boolean;
  readonly check: boolean;
}

/**
 * `flowschema import <files or folders>`: vNext JSON into definitions.
 * Writes nothing unless the definitions folder with the import in it
 * compiles and no file would be replaced (unless --force). --check writes
 * nothing: it imports, compiles and compares each component with the JSON
 * it came from (the round trip), one line per component.
 */
export async function runImport(options: ImportOptions): Promise<number> {
  const { inputs, problems } = readImportInputs(options.paths);
  if (problems.length) {
    for (const p of problems) process.stderr.write(`flowschema: ${p}\n`);
    return EXIT.usage;
  }
  if (inputs.length === 0) {
    process.stderr.write('flowschema: no .json files in what was named\n');
    return EXIT.usage;
  }
  if (options.check) return check(inputs);
  let plan;
  try {
    plan = planImport(inputs, options.definitions, options.force);
  } catch (error) {
    if (!(error instanceof ImportTargetError)) throw error;
    process.stderr.write(`flowschema: ${error.message}\n`);
    return EXIT.usage;
  }
  printImportDiagnostics(plan.result.diagnostics);
  if (plan.result.diagnostics.some((d) => d.severity === 'error') || plan.result.components.length === 0) {
    process.stderr.write('nothing written\n');
    return EXIT.problems;
  }
  if (plan.conflicts.length) {
    for (const c of plan.conflicts) process.stderr.write(`exists   ${c}\n`);
    process.stderr.write(`nothing written: ${plan.conflicts.length} file(s) exist; --force replaces them\n`);
    return EXIT.problems;
  }
  if (plan.diagnostics.some((d) => d.severity === 'error')) {
    printDiagnostics(plan.diagnostics, (f) => f);
    process.stderr.write('nothing written: the definitions would not compile with the import in them\n');
    return EXIT.problems;
  }
  try {
    writeImport(plan);
  } catch (error) {
    if (!(error instanceof ImportTargetError)) throw error;
    process.stderr.write(`flowschema: ${error.message}; nothing written\n`);
    return EXIT.problems;
  }
  for (const k of plan.kept) process.stdout.write(`kept     ${k}\n`);
  const definitions = plan.result.components.length;
  const scripts = [...plan.result.files.keys()].filter((p) => p.endsWith('.csx')).length;
  const warnings = plan.result.diagnostics.length;
  process.stdout.write(`${definitions} definition(s) and ${scripts} script file(s) written${warnings ? `; ${warnings} warning(s) above name what was left out or changed` : ''}\n`);
  return EXIT.ok;
}

function check(inputs: Parameters<typeof roundTrip>[0]): number {
  const report = roundTrip(inputs);
  printImportDiagnostics(report.imported.diagnostics);
  printDiagnostics(report.diagnostics.filter((d) => d.severity === 'error'), (f) => f);
  for (const e of report.entries) {
    const mark = e.result === 'exact' ? 'exact    ' : e.result === 'different' ? 'differs  ' : 'no output';
    process.stdout.write(`${mark} ${visible(e.component.source)}\n`);
    for (const d of e.differences) process.stdout.write(`           ${visible(d)}\n`);
  }
  const exact = report.entries.filter((e) => e.result === 'exact').length;
  const skipped = report.imported.diagnostics.filter((d) => d.severity === 'error' || d.message.startsWith('not a vNext component')).length;
  process.stdout.write(`${exact} of ${report.entries.length} component(s) round-trip exactly${skipped ? `; ${skipped} file(s) not imported` : ''}\n`);
  return exact === report.entries.length && skipped === 0 ? EXIT.ok : EXIT.problems;
}

/** One line each: file names, JSON paths and messages quote what the JSON holds, its control characters made visible. */
function printImportDiagnostics(diagnostics: readonly ImportDiagnostic[]): void {
  for (const d of diagnostics) process.stderr.write(`${visible(d.file)}: ${visible(d.path)}: ${d.severity}: ${visible(d.message)}\n`);
}


