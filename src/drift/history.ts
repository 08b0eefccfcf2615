import type { Manifest } from '../artifacts/index.ts';
import type { Finding } from './compare.ts';

export interface RegistryRow {
  readonly schema_name: string;
  readonly kind: string;
}

export interface HistoryRow {
  readonly schema_name: string;
  readonly migration_id: string;
  readonly sha256: string;
}

/** The kinds of finding historyFindings gives. */
export const HISTORY_KINDS: ReadonlySet<string> = new Set(['schema missing', 'schema not in registry', 'migration unknown', 'checksum mismatch', 'migration pending', 'migration partly applied']);

/** The steps recorded of a migration in steps whose history row is not written yet (sys_schemas.migration_steps). */
export interface StepRow {
  readonly schema_name: string;
  readonly migration_id: string;
  readonly steps: readonly number[];
  readonly sha256: string;
}

/**
 * What the live database's registry and migration history say against the
 * artifacts: registry entries without a schema, flow schemas without a
 * registry entry, and per created flow schema its unknown, edited and
 * pending migrations.
 */
export function historyFindings(manifest: Manifest, registry: readonly RegistryRow[], history: readonly HistoryRow[], existing: ReadonlySet<string>, steps: readonly StepRow[] = []): (Finding & { schema: string })[] {
  const findings: (Finding & { schema: string })[] = [];
  const registered = new Set(registry.map((r) => r.schema_name));
  const entries = new Map(manifest.schemas.map((s) => [s.schema, s]));
  const applied = new Map<string, HistoryRow[]>();
  for (const h of history) applied.set(h.schema_name, [...(applied.get(h.schema_name) ?? []), h]);

  for (const r of registry) if (!existing.has(r.schema_name)) findings.push({ schema: r.schema_name, kind: 'schema missing', object: r.schema_name, expected: 'in the registry', live: null });
  for (const entry of manifest.schemas)
    if (existing.has(entry.schema) && !registered.has(entry.schema)) findings.push({ schema: entry.schema, kind: 'schema not in registry', object: entry.schema, expected: null, live: 'exists' });
  for (const r of registry) {
    const entry = r.kind === 'flow' ? entries.get(r.schema_name) : undefined;
    if (!entry) continue;
    const rows = applied.get(r.schema_name) ?? [];
    for (const h of rows) {
      const m = entry.migrations.find((x) => x.id === h.migration_id);
      if (!m) findings.push({ schema: r.schema_name, kind: 'migration unknown', object: h.migration_id, expected: null, live: 'applied' });
      else if (m.sha256 !== h.sha256) findings.push({ schema: r.schema_name, kind: 'checksum mismatch', object: h.migration_id, expected: m.sha256, live: h.sha256 });
    }
    for (const m of entry.migrations) {
      if (rows.some((h) => h.migration_id === m.id)) continue;
      // A migration in steps stopped midway: what up resumes (its applied steps are in the expected build too).
      const partly = steps.find((st) => st.schema_name === r.schema_name && st.migration_id === m.id);
      if (partly && partly.sha256 !== m.sha256) findings.push({ schema: r.schema_name, kind: 'checksum mismatch', object: m.id, expected: m.sha256, live: partly.sha256 });
      else if (partly) findings.push({ schema: r.schema_name, kind: 'migration partly applied', object: m.id, expected: 'applied', live: `step(s) ${partly.steps.join(', ')} applied` });
      else findings.push({ schema: r.schema_name, kind: 'migration pending', object: m.id, expected: 'applied', live: null });
    }
  }
  return findings;
}
