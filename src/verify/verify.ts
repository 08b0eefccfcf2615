import { sha256, type ArtifactPlan } from '../artifacts/index.ts';
import { sortDiagnostics, type Diagnostic, type ProjectModel } from '../model/index.ts';
import { RUNTIME_VERSION } from '../runtime/runtime.ts';
import { SYSTEM_MIGRATIONS } from '../runtime/system-migrations.ts';
import { VERIFY_CACHE_VERSION } from './cache-version.ts';
import { flowChains, type FlowChain } from './chains.ts';

/**
 * What earlier verifications proved, read and added to: the keys of the
 * flows that passed, and the server version they were verified on as last
 * seen (which lets a run whose every key is known skip the server
 * altogether). The CLI keeps it in .flowschema/cache/verify.json.
 */
export interface VerifyCache {
  serverVersion?: string;
  readonly verified: Set<string>;
}

export interface VerifyOptions {
  /** the generated/ tree compile would write now (path relative to generated/ -> text): the history and this compile's migrations */
  readonly files: ReadonlyMap<string, string>;
  readonly model: ProjectModel;
  /** the compile's plan: which changes the new migrations render, to place a refused statement on its change */
  readonly plan?: ArtifactPlan;
  /** the definition sources, to place a refused seed row or before/after SQL exactly (read only when one is refused) */
  readonly sources?: ReadonlyMap<string, string>;
  /**
   * A domain's scratch database (`<domain>_drift`), logged in as the
   * domain's init role: called only for a domain with something to build.
   */
  readonly scratch: (domain: string) => Promise<string>;
  readonly cache?: VerifyCache;
  /** only these domains (default: every domain of the model) */
  readonly domains?: readonly string[];
}

export interface VerifyResult {
  /** FS2201 and FS2202, sorted */
  readonly diagnostics: readonly Diagnostic[];
  /** flows verified (from the cache or built) */
  readonly flows: number;
  /** flows answered by the cache (the others were built) */
  readonly cached: number;
  /** domains whose scratch database something was built in */
  readonly domainsBuilt: readonly string[];
}

/**
 * `compile --verify`: applies every flow's migration chain (what compile
 * would write now) in its domain's scratch database as the domain's init
 * role, then checks that the chain builds what a fresh build of the latest
 * version builds (catalog fingerprints, object by object). A migration
 * PostgreSQL refuses is FS2201 at the definition element it came from; a
 * difference is FS2202. A flow whose key (its chain, its fresh build, the
 * runtime's system migrations, the server version) passed before is not
 * built again; when every key is known, no database is reached at all.
 */
export async function verifyProject(options: VerifyOptions): Promise<VerifyResult> {
  const cache = options.cache ?? { verified: new Set<string>() };
  const chains = flowChains(options.files, options.model, options.plan).filter((c) => options.domains === undefined || options.domains.includes(c.domain));
  const domains = [...new Set(chains.map((c) => c.domain))];
  const diagnostics: Diagnostic[] = [];
  const done = new Set<string>();
  const domainsBuilt: string[] = [];
  const missing = (domain: string, version: string | undefined) => version === undefined || chains.some((c) => c.domain === domain && !cache.verified.has(verifyKey(version, c)));
  let built = 0;

  for (;;) {
    // The server version is known once a scratch database was opened, else as last seen; a server found
    // upgraded makes every key new, so domains skipped as cached are looked at again.
    const domain = domains.find((d) => !done.has(d) && missing(d, cache.serverVersion));
    if (domain === undefined) break;
    done.add(domain);
    const { scratchSession, verifyDomain } = await import('./build.ts');
    const scratch = scratchSession(await options.scratch(domain), domain);
    try {
      const version = await scratch.serverVersion();
      if (version !== cache.serverVersion) {
        cache.serverVersion = version;
        for (const d of domains) if (d !== domain) done.delete(d);
      }
      const todo = chains.filter((c) => c.domain === domain && !cache.verified.has(verifyKey(version, c)));
      if (todo.length === 0) continue;
      domainsBuilt.push(domain);
      built += todo.length;
      const result = await verifyDomain(scratch, todo, options.sources);
      diagnostics.push(...result.diagnostics);
      for (const c of result.passed) cache.verified.add(verifyKey(version, c));
    } finally {
      await scratch.close();
    }
  }
  return { diagnostics: sortDiagnostics(diagnostics), flows: chains.length, cached: chains.length - built, domainsBuilt };
}

/**
 * Everything a flow's verification depends on: the chain's files and the
 * fresh build's (whole texts: what is applied), the schema and domain (its
 * roles), the runtime's system migrations and version, the server version.
 */
export function verifyKey(serverVersion: string, c: FlowChain): string {
  const system = sha256(SYSTEM_MIGRATIONS.map((m) => m.sql).join('\0'));
  return sha256([VERIFY_CACHE_VERSION, serverVersion, c.domain, c.schema, RUNTIME_VERSION, system, ...c.chain.map((m) => `${m.file}\u0001${m.sql}`), '\u0002', c.fresh.sql].join('\0'));
}
