import { pendingMigrations } from '../artifacts/index.ts';
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
    process.stdout.write(`\n${m.sql}\n`);
  }
  process.stdout.write(`${pending.length} migration(s) pending; run flowschema compile to write them.\n`);
  return EXIT.ok;
}
