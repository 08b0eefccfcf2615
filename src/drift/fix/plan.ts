import type { Finding } from '../compare.ts';
import type { ObjectState } from '../objects.ts';
import { changeStatements } from './alter.ts';
import { createStatements, dropStatements } from './create.ts';
import type { FixContext, FixStatement } from './types.ts';

const CHANGE = / (added|dropped|changed)$/;

/**
 * The statements that fix one finding: drop what was added, make what was
 * dropped (with everything that belongs to it), set back what changed.
 * Undefined when no statement can (a history problem, a column's position):
 * the finding is shown without a fix.
 */
export function fixFor(finding: Finding, ctx: FixContext): FixStatement[] | undefined {
  const change = CHANGE.exec(finding.kind)?.[1];
  if (!change) return undefined;
  const key = `${finding.kind.replace(CHANGE, '')}:${finding.object}`;
  const e = ctx.expected.objects.get(key);
  const l = ctx.live.objects.get(key);
  if (change === 'added') return l && nonEmpty(dropStatements(l, ctx));
  if (change === 'dropped') return e && nonEmpty(createStatements(e, ctx));
  return e && l && finding.property ? nonEmpty(changeStatements(e, l, finding.property, ctx)) : undefined;
}

/**
 * No statements, or statements that would carry a control, format (bidi,
 * zero-width) or separator character (from a live name or value; only line
 * breaks and tabs of a function body or view are PostgreSQL's own): no fix.
 * Such text in a script hides what it does from the administrator who must
 * read it first; the finding is shown without a fix, to be handled by hand.
 */
const nonEmpty = (statements: FixStatement[] | undefined) =>
  statements && statements.length > 0 && !statements.some((s) => UNREADABLE.test(s.sql)) ? statements : undefined;

const UNREADABLE = /[^\P{Cc}\n\t]|[\p{Cf}\p{Zl}\p{Zp}]/u;

/** Fixes for findings of one state (a schema, the database, the roles). */
export function withFixes<F extends Finding>(findings: readonly F[], expected: ObjectState, live: ObjectState, init: string, database: string): (F & { fix?: readonly FixStatement[] })[] {
  const ctx: FixContext = { expected, live, init, database };
  return findings.map((f) => {
    const fix = fixFor(f, ctx);
    return fix ? { ...f, fix } : f;
  });
}
