import { tsLineComment } from '../codegen/ts-escape.ts';
import { formatDiagnostic, type Diagnostic } from '../model/index.ts';

/** Text from a definition or a JSON file on one terminal line: line terminators and control characters (ANSI escapes) as visible escapes. */
export const visible = (text: string): string => tsLineComment(text);

/**
 * Diagnostics quote names from definitions (and an import's JSON), which are
 * hostile: each message, hint and file name is printed with its control
 * characters visible, so none can forge a line or drive the terminal.
 */
export function printDiagnostics(diagnostics: readonly Diagnostic[], mapFile: (file: string) => string): void {
  for (const d of diagnostics)
    process.stderr.write(`${formatDiagnostic({ ...d, file: visible(mapFile(d.file)), message: visible(d.message), ...(d.hint !== undefined && { hint: visible(d.hint) }) })}\n`);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length) process.stderr.write(`${errors} error(s), ${warnings} warning(s)\n`);
}
