import { readMigrationSteps } from '../model/index.ts';
import type { DomainArtifacts, MigrationFile } from '../runtime/index.ts';
import type { HistoryRow, StepRow } from './history.ts';

/**
 * The part of each migration in steps stopped midway that the live schema
 * holds: its recorded steps (always the first ones: steps run in order), as
 * a migration file of their own, so that the expected build holds what they
 * made. A file that is not the one recorded is left out (its checksum
 * mismatch is reported).
 */
export async function partlyApplied(artifacts: DomainArtifacts, steps: readonly StepRow[]): Promise<Map<string, MigrationFile>> {
  const out = new Map<string, MigrationFile>();
  for (const row of steps) {
    const entry = artifacts.manifest.schemas.find((s) => s.schema === row.schema_name);
    const file = entry && artifacts.migrations(entry).find((m) => m.id === row.migration_id);
    if (!file || file.sha256 !== row.sha256) continue;
    const recorded = (await readMigrationSteps(file.file, file.sql())).filter((st) => row.steps.includes(st.number));
    const text = recorded.map((st) => st.sql).join('');
    out.set(row.schema_name, { ...file, id: `${file.id} (steps ${row.steps.join(', ')})`, sql: () => text });
  }
  return out;
}

/** The migration files a live schema applied, in the order it applied them (and the steps of one stopped midway). */
export function appliedMigrations(artifacts: DomainArtifacts, history: readonly HistoryRow[], partly: ReadonlyMap<string, MigrationFile> = new Map()): (schema: string) => readonly MigrationFile[] {
  const entries = new Map(artifacts.manifest.schemas.map((s) => [s.schema, s]));
  const applied = new Map<string, string[]>();
  for (const h of history) applied.set(h.schema_name, [...(applied.get(h.schema_name) ?? []), h.migration_id]);
  const files = new Map<string, readonly MigrationFile[]>();
  return (schema) => {
    let list = files.get(schema);
    if (list) return list;
    const entry = entries.get(schema);
    const known = new Map(entry ? artifacts.migrations(entry).map((m) => [m.id, m]) : []);
    list = [...(applied.get(schema) ?? []).flatMap((id) => known.get(id) ?? []), ...(partly.has(schema) ? [partly.get(schema)!] : [])];
    files.set(schema, list);
    return list;
  };
}
