import { quoteIdent, rolesOf } from '../../model/index.ts';
import type { DriftFinding, DriftReport } from '../check.ts';
import { findingText } from '../finding-text.ts';
import type { FixStatement } from './types.ts';

/**
 * One script that restores every domain's expected state, for a superuser
 * to read and run (`psql -v ON_ERROR_STOP=1 -f fix.sql "$ADMIN_URL"`); the
 * drift check never runs it. Per domain, one transaction on its database,
 * in steps (owners, detaching, drops with dependents first, then creations
 * and changes with dependencies first); each statement runs as the role it
 * needs: the domain's init role wherever it can, so that everything made
 * again is owned and granted as the migrations made it, the administrator
 * (RESET ROLE) for roles, the database, internal triggers and objects
 * others own.
 * Names and expressions were printed by PostgreSQL with search_path =
 * pg_catalog, and run under the same.
 */
export function fixScript(reports: readonly DriftReport[]): string {
  const lines = ['-- flowschema drift --fix-sql: restores the state drift expects. Read it before you run it:', '-- it drops what was added (with its data) and makes again what was missing (empty).', '-- Run it as a superuser: psql -v ON_ERROR_STOP=1 -f <this file> "$ADMIN_DATABASE_URL"'];
  for (const report of reports) {
    const init = rolesOf(report.domain).init;
    const statements: FixStatement[] = [];
    const seen = new Set<string>();
    const unfixed: DriftFinding[] = [];
    for (const f of report.findings) {
      if (!f.fix) unfixed.push(f);
      for (const s of f.fix ?? []) {
        const key = `${s.as}\0${s.sql}`;
        if (seen.has(key)) continue;
        seen.add(key);
        statements.push(s);
      }
    }
    lines.push('', `-- domain ${report.domain}: ${report.findings.length === 0 ? 'no drift' : `${report.findings.length} finding(s)`}`);
    for (const f of unfixed) lines.push(`-- not fixed here: ${findingText(f)}`);
    if (statements.length === 0) continue;
    const ordered = statements
      .map((s, i) => ({ s, i }))
      .sort((a, b) => a.s.step - b.s.step || a.i - b.i)
      .map(({ s }) => s);
    lines.push(`\\connect ${quoteIdent(report.database)}`, 'BEGIN;', 'SET LOCAL search_path = pg_catalog, pg_temp;', 'SET LOCAL check_function_bodies = off;');
    let as: FixStatement['as'] = 'administrator';
    for (const s of ordered) {
      if (s.as !== as) lines.push(s.as === 'init' ? `SET LOCAL ROLE ${quoteIdent(init)};  -- owns the domain's objects` : 'RESET ROLE;');
      as = s.as;
      lines.push(`${s.sql};`);
    }
    lines.push('COMMIT;');
  }
  return `${lines.join('\n')}\n`;
}
