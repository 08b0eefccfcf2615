import type { ModelUnit } from './build.ts';
import { authorSqlProblem } from './author-sql.ts';
import { checkSqlExpression, type ExpressionContext } from './sql-grammar.ts';

/**
 * Every piece of SQL a model unit carries as text, with the place it goes:
 * checks, sql() defaults and seed values, using:, generated columns, index
 * predicates, before/after SQL. The compile cache keeps units between runs
 * in a file anyone on the machine might edit; a cached unit is used only if
 * all of these still pass the checks a definition's would (else the file is
 * read again). The first problem, or undefined.
 */
export function unitSqlProblem(unit: ModelUnit | null | undefined): string | undefined {
  const flow = unit?.flow;
  if (!flow) return undefined;
  const expressions: [string, ExpressionContext][] = [];
  for (const t of flow.schema.tables) {
    for (const c of t.checks) expressions.push([c.expression, 'check']);
    for (const c of t.columns) {
      if (c.default?.kind === 'sql') expressions.push([c.default.text, 'default']);
      if (c.using !== undefined) expressions.push([c.using, 'using']);
      if (c.generated !== undefined) expressions.push([c.generated, 'generated']);
    }
    for (const i of t.indexes) if (i.where !== undefined) expressions.push([i.where, 'index-where']);
  }
  for (const s of flow.schema.seeds) for (const row of s.rows) for (const v of Object.values(row)) if (v.kind === 'sql') expressions.push([v.text, 'value']);
  for (const [text, context] of expressions) {
    const problem = checkSqlExpression(text, context);
    if (problem) return `${context} ${JSON.stringify(text)}: ${problem}`;
  }
  for (const m of flow.migrations)
    for (const sql of [m.before, m.after]) {
      const problem = sql === undefined ? undefined : authorSqlProblem(sql);
      if (problem) return `before/after SQL ${problem.message}`;
    }
  return undefined;
}
