import { pendingMigrations } from '../artifacts/index.ts';
import { describeLock } from '../plan/index.ts';
import { EXIT } from './exit-codes.ts';
import { compileProject } from './sources.ts';

export interface PlanOptions {
  readonly definitions: string;
  readonly out: string;
  readonly flow: string | undefined;
  readonly json: boolean;
}

/**
 * `flowschema plan`: for each flow whose definition needs a new migration,
 * the changes in words and the SQL `compile` would write. Writes nothing.
 */
export function runPlan(options: PlanOptions): number {
  const compiled = compileProject(options.definitions, options.out);
  if (typeof compiled === 'number') return compiled;
  const { project, result } = compiled;
  if (!result.plan) return EXIT.problems;
  if (options.flow !== undefined && !result.model!.domains.some((d) => d.flows.some((f) => f.key === options.flow))) {
    process.stderr.write(`flowschema: no flow with key '${options.flow}'\n`);
    return EXIT.usage;
  }
  const pending = pendingMigrations(result.plan, options.flow);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ migrations: pending }, null, 2)}\n`);
    return EXIT.ok;
  }
  if (pending.length === 0) {
    process.stdout.write('No schema changes: compile would write no new migration.\n');
    return EXIT.ok;
  }
  for (const m of pending) {
    process.stdout.write(`${m.flow} (${m.domain}/${m.schema}): ${m.fromVersion ?? 'new'} -> ${m.toVersion}, ${project.outLabel}/${m.file}\n`);
    for (const c of m.changes) process.stdout.write(`  - ${c.description}\n`);
    if (m.steps.length > 1 || m.steps[0]?.mode !== 'transaction') {
      process.stdout.write(`  in ${m.steps.length} step(s), each recorded as it commits (an upgrade stopped midway resumes there):\n`);
      for (const st of m.steps) process.stdout.write(`    ${st.number}. ${st.mode}: ${st.changes.join('; ')}\n`);
    }
    if (m.locks.length) {
      process.stdout.write('  locks on tables that may hold data:\n');
      for (const l of m.locks) {
        process.stdout.write(`    ${l.unsafe ? '!' : '·'} ${m.steps.length > 1 ? `step ${l.step}: ` : ''}${l.change}: ${describeLock(l)}\n`);
        if (l.unsafe) process.stdout.write(`      safe form: ${l.unsafe}\n`);
      }
    }
    process.stdout.write(`\n${m.sql}\n`);
  }
  const unsafe = pending.reduce((n, m) => n + m.locks.filter((l) => l.unsafe).length, 0);
  process.stdout.write(`${pending.length} migration(s) pending${unsafe ? `, ${unsafe} step(s) holding a lock that blocks a live flow for more than a moment (!)` : ''}; run flowschema compile to write them.\n`);
  return EXIT.ok;
}
