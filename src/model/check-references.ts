import { diagnostic, type Diagnostic } from './diagnostic.ts';
import { REFERENCE_FOLDER } from './references.ts';
import type { ComponentModel, FlowModel, ReferenceModel } from './types.ts';

/**
 * FS1312: every reference a flow makes names a component of the project
 * (of its kind, domain and version) or is declared external. An imported
 * definition is the project's by construction; the platform's `{ ref }`
 * form names the package file, so only the kind and key must match.
 */
export function checkReferences(flows: readonly FlowModel[], components: readonly ComponentModel[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  // What the project defines, by kind and key: looked up once per reference, not searched.
  const defined = new Map<string, { domain: string; version: string }[]>();
  const add = (kind: string, key: string, entry: { domain: string; version: string }) => {
    const id = `${kind}/${key}`;
    defined.set(id, [...(defined.get(id) ?? []), entry]);
  };
  for (const f of flows) add('workflows', f.key, { domain: f.domain, version: f.version });
  for (const c of components) add(c.kind, c.key, { domain: c.domain, version: c.version });
  const known = (ref: ReferenceModel) => defined.get(`${ref.kind}/${ref.key}`) ?? [];
  for (const flow of flows)
    for (const ref of flow.workflow?.references ?? []) {
      if (ref.project || ref.external) continue;
      const noun = ref.kind === 'workflows' ? 'flow' : ref.kind.slice(0, -1);
      const candidates = known(ref);
      const define = ref.kind === 'workflows' ? 'defineFlow' : `define${noun[0]!.toUpperCase()}${noun.slice(1)}`;
      if (ref.ref !== undefined) {
        if (!candidates.some((c) => c.domain === flow.domain))
          out.push(diagnostic('FS1312', ref.pos, `ref '${ref.ref}' names ${noun} '${ref.key}', which is not defined in domain '${flow.domain}' of this project`, `define it (${define} in definitions/${flow.domain}/), or write { key, domain, version, external: true } for one another package provides`));
        continue;
      }
      if (candidates.some((c) => c.domain === ref.domain && c.version === ref.version)) continue;
      const versions = candidates.filter((c) => c.domain === ref.domain).map((c) => c.version);
      out.push(
        diagnostic(
          'FS1312',
          ref.pos,
          versions.length
            ? `${noun} '${ref.key}' of domain '${ref.domain}' is defined at version ${versions.join(', ')}, not ${ref.version}`
            : `${noun} '${ref.key}' (domain '${ref.domain}', version ${ref.version}) is not defined in this project`,
          versions.length ? `reference version ${versions[0]}, or import the definition itself` : `define it (${define}, in ${REFERENCE_FOLDER[ref.kind]} of the package), or mark the reference external: true if another package provides it`,
        ),
      );
    }
  return out;
}
