import { sha256 } from '../artifacts/index.ts';
import type { MigrationFile } from './artifacts.ts';
import { ChecksumMismatchError, DowngradeError, PartlyAppliedError } from './errors.ts';

/** A migration a schema applied (partly: some of its steps, not all: a migration in steps stopped midway). */
export interface AppliedRow {
  readonly migration_id: string;
  readonly sha256: string;
  readonly partly: boolean;
}

/**
 * A schema's history ($1: the schema), one round trip; for a flow schema
 * also the migrations in steps it applied some steps of but not all, so that
 * no one takes such a schema for the version before (the system schemas
 * come before sys_schemas.migration_steps exists).
 */
export function appliedQuery(flow: boolean): string {
  return flow
    ? `SELECT migration_id, sha256, partly FROM (
         SELECT id AS ord, migration_id, sha256, false AS partly FROM sys_schemas.migration_history WHERE schema_name = $1
         UNION ALL SELECT DISTINCT 0::bigint, s.migration_id, s.sha256, true FROM sys_schemas.migration_steps s WHERE s.schema_name = $1
           AND NOT EXISTS (SELECT FROM sys_schemas.migration_history h WHERE h.schema_name = s.schema_name AND h.migration_id = s.migration_id)
       ) x ORDER BY partly, ord`
    : 'SELECT migration_id, sha256, false AS partly FROM sys_schemas.migration_history WHERE schema_name = $1 ORDER BY id';
}

/** Checks a schema's history against the files and returns what is pending; throws before anything is applied. */
export function pendingMigrations(schema: string, rows: readonly AppliedRow[], files: readonly MigrationFile[]): MigrationFile[] {
  const known = new Map(files.map((f) => [f.id, f]));
  const applied = rows.filter((r) => !r.partly);
  const unknown = applied.filter((a) => !known.has(a.migration_id)).map((a) => a.migration_id);
  if (unknown.length) throw new DowngradeError(schema, unknown);
  for (const a of applied) {
    const f = known.get(a.migration_id)!;
    const actual = sha256(f.sql());
    if (a.sha256 !== f.sha256 || actual !== f.sha256) throw new ChecksumMismatchError(schema, f.file, a.sha256, actual);
  }
  const done = new Set(applied.map((a) => a.migration_id));
  const pending = files.filter((f) => !done.has(f.id));
  // A migration stopped midway is finished before anything else, from the same file (its steps' checksum is
  // checked as they resume); one the files do not hold as their next (generated/ rolled back) is refused.
  for (const p of rows.filter((r) => r.partly)) if (pending[0]?.id !== p.migration_id) throw new PartlyAppliedError(schema, p.migration_id, pending[0]?.id);
  for (const f of pending) {
    const actual = sha256(f.sql());
    if (actual !== f.sha256) throw new ChecksumMismatchError(schema, f.file, f.sha256, actual, 'pending');
  }
  return pending;
}
