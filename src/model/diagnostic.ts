/** Where a definition element was written: a path as the user gave it, 1-based line and column. */
export interface SourcePos {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export type Severity = 'error' | 'warning';

/** A compile-time problem. Collected, never thrown, so a run reports all of them together. */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly hint?: string;
}

export function diagnostic(code: string, pos: SourcePos, message: string, hint?: string, severity: Severity = 'error'): Diagnostic {
  return hint === undefined
    ? { code, severity, message, file: pos.file, line: pos.line, column: pos.column }
    : { code, severity, message, file: pos.file, line: pos.line, column: pos.column, hint };
}

export function warning(code: string, pos: SourcePos, message: string, hint?: string): Diagnostic {
  return diagnostic(code, pos, message, hint, 'warning');
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Stable order: by file, position, then code, so output never depends on traversal order. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

/** `file:line:column: error FS1234: message`, then `  hint: ...` when there is one. */
export function formatDiagnostic(d: Diagnostic): string {
  const head = `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`;
  return d.hint === undefined ? head : `${head}\n  hint: ${d.hint}`;
}
