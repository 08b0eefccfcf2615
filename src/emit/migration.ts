import { describeChange, type Change } from '../plan/index.ts';
import { changeSql } from './statements.ts';
import { composed } from './sql-text.ts';
import { verifyMigration } from './statement-kinds.ts';
import { sqlTemplate } from './templates.ts';

export interface MigrationHeader {
  readonly id: string;
  readonly flow: string;
  readonly domain: string;
  readonly schema: string;
  /** null for a schema's first migration */
  readonly fromVersion: string | null;
  readonly toVersion: string;
  readonly file: string;
}

/** A whole migration file: the header comment, then one statement per change. */
export function renderMigration(header: MigrationHeader, changes: readonly Change[]): string {
  const sql = sqlTemplate('migration')({
    id: header.id,
    flow: header.flow,
    domain: header.domain,
    schema: header.schema,
    from: header.fromVersion ?? '(none: creates the schema)',
    to: header.toVersion,
    file: header.file,
    summary: changes.map(describeChange),
    statements: changes.map((c) => composed(changeSql(c, header.toVersion))),
  });
  verifyMigration(`migration ${header.id} of schema ${header.schema}`, sql, changes);
  return sql;
}
