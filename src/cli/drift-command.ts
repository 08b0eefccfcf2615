import { join, resolve } from 'node:path';
import { checkDrift, findingText, fixScript, INVISIBLE, type DriftReport } from '../drift/index.ts';
import { loadSqlGrammar, type SourcePos } from '../model/index.ts';
import { NotBootstrappedError, SYSTEM_SCHEMAS } from '../runtime/index.ts';
import { buildModel } from '../compile.ts';
import { readCompileCache, readDriftCache, writeDriftCache } from './cache-file.ts';
import { EXIT } from './exit-codes.ts';
import { domainAccess, projectRootOf, readManifests, withServer } from './project-server.ts';
import type { Server } from '../db/index.ts';
import type { Manifest } from '../artifacts/index.ts';
import { displayPath, readDefinitions } from './sources.ts';

export interface DriftOptions {
  readonly definitions: string;
  readonly out: string;
  readonly domain: string | undefined;
  readonly schema: string | undefined;
  readonly format: 'text' | 'json' | 'github';
  /** print one SQL script that restores the expected state instead of the findings (never run) */
  readonly fixSql?: boolean;
}

/**
 * `flowschema drift`: every created schema of every domain against what its
 * applied migrations should have produced. Reads only; exit 0 no drift,
 * 1 drift or history problems, 2 errors.
 */
export async function runDrift(options: DriftOptions): Promise<number> {
  const outDir = resolve(options.out);
  const manifests = readManifests(outDir).filter((m) => options.domain === undefined || m.domain === options.domain);
  if (manifests.length === 0) {
    process.stderr.write(`flowschema: no ${options.domain === undefined ? 'domains' : `domain '${options.domain}'`} in ${options.out}\n`);
    return EXIT.usage;
  }
  // A schema no manifest has is a typo, not a clean database.
  if (options.schema !== undefined && !manifests.some((m) => m.schemas.some((s) => s.schema === options.schema)) && !(SYSTEM_SCHEMAS as readonly string[]).includes(options.schema)) {
    process.stderr.write(`flowschema: no schema '${options.schema}' in ${options.domain === undefined ? 'any domain' : `domain '${options.domain}'`} of ${options.out}\n`);
    return EXIT.usage;
  }
  // A fix script is made from the whole database: with --schema, casts and event triggers elsewhere (which the
  // script's statements could fire) would be left in place.
  if (options.fixSql && options.schema !== undefined) {
    process.stderr.write('flowschema: --fix-sql checks the whole database; leave out --schema\n');
    return EXIT.usage;
  }
  const check = domainDriftChecker(options.definitions, options.out);
  const reports: DriftReport[] = [];
  const code = await withServer(options.definitions, async (server) => {
    for (const m of manifests) reports.push(await check(server, m, options.schema));
    return EXIT.ok;
  });
  if (code !== EXIT.ok) return code;
  process.stdout.write(options.fixSql ? fixScript(reports) : formatReports(reports, options.format));
  return reports.some((r) => r.drift) ? EXIT.problems : EXIT.ok;
}

/**
 * Checks one domain's database (`drift`, and `up --check-drift` after its
 * upgrade). Expected fingerprints come from and go to .flowschema/cache/drift.json;
 * the scratch database is created only when something has to be built;
 * definitions are compiled (for file:line:column) only when a finding needs
 * a position.
 */
export function domainDriftChecker(definitions: string, out: string): (server: Server, manifest: Manifest, schema?: string) => Promise<DriftReport> {
  const outDir = resolve(out);
  const projectRoot = projectRootOf(definitions);
  let known: Map<string, SourcePos> | undefined;
  const prints = readDriftCache(projectRoot);
  let saved = prints.size;
  return async (server, m, schema) => {
    // Reads only: a domain that is not bootstrapped is an error, not something to fix here; grants and
    // role powers that are off are drift, reported finding by finding.
    const access = await domainAccess(server, projectRoot, m.domain, 'report').catch((error: unknown) => {
      if (error instanceof NotBootstrappedError && error.code === '3D000') return undefined;
      throw error;
    });
    if (!access)
      return { domain: m.domain, database: m.database, checked: [], findings: [{ schema: '(database)', kind: 'database missing', object: m.database, expected: 'created by flowschema up', live: null }], drift: true };
    const report = await checkDrift({
      domain: m.domain,
      connection: access.url('init'),
      scratch: access.driftUrl,
      driftDatabase: access.driftDatabase,
      generated: outDir,
      ...(schema !== undefined && { schema }),
      cache: prints,
    });
    writeDriftCache(projectRoot, prints, saved);
    saved = prints.size;
    if (!report.drift) return report;
    // Definitions are read (for file:line:column) only when a finding needs a position.
    if (!known) {
      await loadSqlGrammar();
      known = definitionPositions(definitions);
    }
    const at = (s: string, object: string) => known!.get(`${s}\0${object}`) ?? known!.get(`${s}\0${object.split('.')[0]}`);
    return {
      ...report,
      findings: report.findings.map(({ fix, ...f }) => {
        const definition = f.definition ?? at(f.schema, f.object);
        return { ...f, ...(definition && { definition }), ...(fix && { fix }) };
      }),
    };
  };
}

/** `schema\0table`, `schema\0table.column`, `schema\0index or constraint` -> where the definition declares it. */
function definitionPositions(definitions: string): Map<string, SourcePos> {
  const map = new Map<string, SourcePos>();
  const project = readDefinitions(definitions);
  // Only the model: nothing rendered, generated/ not read, and definitions the compile cache knows not parsed.
  const model = project && buildModel(project.sources, readCompileCache(project.root)).model;
  for (const flow of model?.domains.flatMap((d) => d.flows) ?? []) {
    const s = flow.schema.schema;
    const at = (pos: SourcePos | undefined) => (pos ? { ...pos, file: displayPath(join(project!.root, pos.file)) } : undefined);
    for (const t of flow.schema.tables) {
      const tp = at(t.pos ?? flow.pos);
      if (tp) map.set(`${s}\0${t.name}`, tp);
      for (const c of t.columns) {
        const cp = at(c.pos);
        if (cp) map.set(`${s}\0${t.name}.${c.name}`, cp);
      }
      for (const i of t.indexes) {
        const ip = at(i.pos);
        if (ip) map.set(`${s}\0${i.name}`, ip);
      }
      for (const k of [...(t.primaryKey ? [t.primaryKey] : []), ...t.uniques, ...t.checks, ...t.foreignKeys]) {
        const kp = at(k.pos);
        if (kp) map.set(`${s}\0${t.name}.${k.name}`, kp);
      }
    }
    for (const e of flow.schema.enums) {
      const ep = at(e.pos);
      if (ep) map.set(`${s}\0${e.name}`, ep);
    }
    const fp = at(flow.pos);
    if (fp) map.set(`${s}\0${s}`, fp);
  }
  return map;
}

export function formatReports(reports: readonly DriftReport[], format: 'text' | 'json' | 'github'): string {
  if (format === 'json') return `${JSON.stringify({ drift: reports.some((r) => r.drift), domains: reports }, null, 2)}\n`;
  const lines: string[] = [];
  if (format === 'github') {
    for (const r of reports)
      for (const f of r.findings) {
        const text = `${r.domain}: ${findingText(f)}`.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
        lines.push(f.definition ? `::error file=${f.definition.file},line=${f.definition.line},col=${f.definition.column},title=flowschema drift::${text}` : `::error title=flowschema drift::${text}`);
      }
    return lines.length ? `${lines.join('\n')}\n` : '';
  }
  for (const r of reports) {
    lines.push(`domain ${r.domain} (${r.database}): ${r.findings.length === 0 ? `no drift in ${r.checked.length} schema(s) and the database` : `${r.findings.length} finding(s)`}`);
    for (const f of r.findings) {
      lines.push(`  ${findingText(f)}${f.definition ? `  [${f.definition.file}:${f.definition.line}:${f.definition.column}]` : ''}`);
      for (const s of f.fix ?? []) lines.push(`    fix${s.as === 'administrator' ? ' (as an administrator)' : ''}: ${s.sql.replace(INVISIBLE, ' ')}`);
    }
    if (r.findings.some((f) => f.fix)) lines.push(`  (flowschema drift --fix-sql prints these fixes as one script, in the order they must run)`);
  }
  return `${lines.join('\n')}\n`;
}
