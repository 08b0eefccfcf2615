import type { SchemaStatus } from '../runtime/index.ts';

/** One line a schema: domain, schema, kind, live and target versions, created, applied and pending migrations. */
export function printStatusTable(rows: readonly { domain: string; status: SchemaStatus }[]): void {
  const lines = [['DOMAIN', 'SCHEMA', 'KIND', 'LIVE', 'TARGET', 'CREATED', 'APPLIED', 'PENDING']];
  for (const { domain, status: s } of rows)
    lines.push([domain, s.schema, s.kind, s.liveVersion ?? '-', s.version ?? '', s.created ? 'yes' : 'no', String(s.applied.length), s.pending.length ? s.pending.join(',') : '-']);
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  for (const l of lines) process.stdout.write(`${l.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()}\n`);
}
