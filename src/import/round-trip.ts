import { compile } from '../compile.ts';
import type { Diagnostic } from '../model/index.ts';
import { REFERENCE_FOLDER } from '../model/references.ts';
import type { ImportedComponent } from './context.ts';
import { importDefinitions, type ImportInput, type ImportResult } from './import.ts';
import { canonicalJson, differences, normalizeComponent } from './normalize.ts';

/** How one imported component came back from compile. */
export interface RoundTripEntry {
  readonly component: ImportedComponent;
  /** exact: equal to the original but for the normalizations (normalize.ts) */
  readonly result: 'exact' | 'different' | 'not compiled';
  /** where it differs, JSON paths (at most 10); for one not compiled, compile's errors about it */
  readonly differences: readonly string[];
}

export interface RoundTripReport {
  readonly imported: ImportResult;
  /** what compile said about the imported definitions */
  readonly diagnostics: readonly Diagnostic[];
  readonly entries: readonly RoundTripEntry[];
  /** what compile wrote (of the definitions it accepted), by path under generated/ */
  readonly files: ReadonlyMap<string, string>;
}


/**
 * import, then compile, then each component the compiler wrote compared with
 * the JSON it came from (normalized: key order, null, the platform's
 * defaults). Needs PostgreSQL's grammar loaded (loadSqlGrammar), as compile does.
 */
export function roundTrip(inputs: readonly ImportInput[]): RoundTripReport {
  const imported = importDefinitions(inputs);
  const sources = new Map([...imported.files].map(([path, text]) => [`definitions/${path}`, typeof text === 'string' ? text : text.toString('utf8')]));
  // A definition compile refuses is set aside with its errors, and the rest compiled again (a few rounds at most).
  const refused = new Map<string, string[]>();
  let compiled = compile(sources);
  const diagnostics = [...compiled.diagnostics];
  for (let round = 0; round < 5 && !compiled.files; round++) {
    const files = new Set(compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file));
    const refusedNow = [...files].filter((f) => sources.has(f) && !f.endsWith('/domain.ts'));
    if (refusedNow.length === 0) break;
    for (const f of refusedNow) {
      refused.set(f, compiled.diagnostics.filter((d) => d.file === f && d.severity === 'error').map((d) => `${d.code} ${d.message}`));
      sources.delete(f);
    }
    compiled = compile(sources);
    diagnostics.push(...compiled.diagnostics.filter((d) => !diagnostics.some((x) => formatKey(x) === formatKey(d))));
  }
  const originals = new Map(inputs.map((i) => [i.path, i.text]));
  const entries = imported.components.map((component): RoundTripEntry => {
    const written = compiled.files?.get(`${component.domain}/vnext/${REFERENCE_FOLDER[component.kind]}/${component.key}.json`);
    if (written === undefined) return { component, result: 'not compiled', differences: refused.get(`definitions/${component.file}`) ?? [] };
    const before = normalizeComponent(JSON.parse(originals.get(component.source)!.replace(/^\uFEFF/, '')));
    const after = normalizeComponent(JSON.parse(written));
    return canonicalJson(before) === canonicalJson(after) ? { component, result: 'exact', differences: [] } : { component, result: 'different', differences: differences(before, after) };
  });
  return { imported, diagnostics, entries, files: compiled.files ?? new Map() };
}

function formatKey(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;
}
