import { formatDiagnostic, type Diagnostic } from '../model/index.ts';

export function printDiagnostics(diagnostics: readonly Diagnostic[], mapFile: (file: string) => string): void {
  for (const d of diagnostics) process.stderr.write(`${formatDiagnostic({ ...d, file: mapFile(d.file) })}\n`);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length) process.stderr.write(`${errors} error(s), ${warnings} warning(s)\n`);
}
