import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import type pg from 'pg';
import { sha256 } from '../artifacts/index.ts';
import { VNEXT_FOLDERS, type VnextKind } from '../artifacts/layout.ts';
import { DeployConflictError, InvalidManifestError } from './errors.ts';

/** The system schema each component kind is stored in. */
export const COMPONENT_SCHEMAS: Readonly<Record<string, string>> = {
  flows: 'sys_flows',
  tasks: 'sys_tasks',
  views: 'sys_views',
  functions: 'sys_functions',
  extensions: 'sys_extensions',
};

export interface DeployResult {
  /** `kind/key@version` of each definition stored now */
  readonly stored: readonly string[];
  /** how many were already there with the same content */
  readonly unchanged: number;
}

interface Component {
  readonly kind: string;
  readonly key: string;
  readonly version: string;
  readonly text: string;
}

/**
 * The domain's components from its package (`generated/<domain>/vnext/`,
 * the platform's layout: one folder per kind). Schema components (master
 * schemas) are not stored: there is no definitions table for them yet; the
 * runtime checks instance data against data.schema.json.
 */
function readComponents(generated: string, domain: string): Component[] {
  const root = join(generated, domain, 'vnext');
  const out: Component[] = [];
  let realRoot: string | undefined;
  for (const kind of Object.keys(COMPONENT_SCHEMAS)) {
    const folder = join(root, VNEXT_FOLDERS[kind as VnextKind]);
    let names: string[] = [];
    try {
      names = readdirSync(folder).filter((n) => n.endsWith('.json')).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const path = join(folder, name);
      // Only files inside the domain's package folder: a link must not carry another file into the database.
      realRoot ??= realpathSync(root);
      const real = realpathSync(path);
      if (!real.startsWith(`${realRoot}${sep}`)) throw new InvalidManifestError(path, `is a link to ${real}, outside ${root}/: refusing to deploy it`);
      const text = readFileSync(real, 'utf8');
      let doc: { key?: unknown; version?: unknown };
      try {
        doc = JSON.parse(text) as typeof doc;
      } catch (error) {
        throw new InvalidManifestError(path, `is not valid JSON (${(error as Error).message}): run flowschema compile`);
      }
      if (typeof doc.key !== 'string' || typeof doc.version !== 'string') throw new InvalidManifestError(path, 'has no string key and version: run flowschema compile');
      out.push({ kind, key: doc.key, version: doc.version, text });
    }
  }
  return out;
}

/**
 * Stores the domain's component definitions in their system schemas, each
 * version once, in one transaction: an identical version is a no-op, the
 * same version with other content is refused (like the platform's 409) and
 * then nothing is stored.
 */
export async function deployComponents(client: pg.PoolClient, generated: string, domain: string, only?: { readonly kind: string; readonly key: string }): Promise<DeployResult> {
  const components = readComponents(generated, domain).filter((c) => !only || (c.kind === only.kind && c.key === only.key));
  const stored: string[] = [];
  let unchanged = 0;
  await client.query('BEGIN');
  try {
    for (const c of components) {
      const table = `${COMPONENT_SCHEMAS[c.kind]}.definitions`;
      const sha = sha256(c.text);
      const inserted = await client.query(`INSERT INTO ${table} (key, version, content, sha256) VALUES ($1, $2, $3, $4) ON CONFLICT (key, version) DO NOTHING`, [c.key, c.version, c.text, sha]);
      if (inserted.rowCount === 1) {
        stored.push(`${c.kind}/${c.key}@${c.version}`);
        continue;
      }
      const existing = (await client.query<{ sha256: string }>(`SELECT sha256 FROM ${table} WHERE key = $1 AND version = $2`, [c.key, c.version])).rows[0]!;
      if (existing.sha256 !== sha) throw new DeployConflictError(c.kind, c.key, c.version);
      unchanged++;
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
  return { stored, unchanged };
}
