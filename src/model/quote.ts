/**
 * SQL quoting. Every identifier flowschema writes is double-quoted and every
 * literal single-quoted, so no name or value in a definition can end the
 * statement it is placed in. Literals with a backslash use the E'' form with
 * doubled backslashes, which reads the same whatever standard_conforming_strings is.
 */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string): string {
  const body = value.replace(/'/g, "''");
  return value.includes('\\') ? `E'${body.replace(/\\/g, '\\\\')}'` : `'${body}'`;
}

export function qualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}
