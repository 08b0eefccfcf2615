import { diagnostic, type Diagnostic } from '../model/index.ts';
import { sha256 } from './checksum.ts';
import { layout, manifestProblem, previousComponent } from './layout.ts';
import type { Manifest, ManifestSchema } from './manifest.ts';
import type { Snapshot } from './snapshot.ts';
import type { ClientLanguage } from '../codegen/index.ts';

/** What generated/ already holds for one flow schema. */
export interface FlowHistory {
  readonly domain: string;
  readonly entry: ManifestSchema;
  readonly snapshotPath: string;
  /** the snapshot file's text; parsed only when the flow has to be diffed */
  readonly snapshotText: string;
  /** migration id -> its file's text, exactly as on disk */
  readonly migrations: ReadonlyMap<string, string>;
  /** the flow's client (see clientText), data.schema.json and component JSON as on disk, reused when the flow is unchanged */
  readonly client: string | undefined;
  readonly dataSchema: string | undefined;
  readonly component: string | undefined;
}

export interface History {
  /** how diagnostics name the generated/ folder */
  readonly outLabel: string;
  /** `${domain}/${schema}` -> history */
  readonly flows: ReadonlyMap<string, FlowHistory>;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Reads the history in an existing generated/ tree (path -> text, relative to
 * it). Checks that every manifest is of the expected shape (FS2007) and names
 * only its own domain, schemas and files, exactly where the layout puts them
 * (FS2008: nothing is taken from such a manifest), that every migration it
 * lists is there, unedited (FS2003, FS2004), that no migration file is
 * unlisted (FS2006), and that snapshots exist (FS2007; `parseSnapshot` checks
 * a snapshot's shape when it is needed).
 * `outLabel` prefixes paths in diagnostics (`generated`).
 */
export function readHistory(previous: ReadonlyMap<string, string>, outLabel: string, client: ClientLanguage = 'ts'): History {
  const flows = new Map<string, FlowHistory>();
  const diagnostics: Diagnostic[] = [];
  const at = (path: string, line = 1) => ({ file: `${outLabel}/${path}`, line, column: 1 });
  const restore = 'restore it from version control (git checkout), then compile again';
  const manifests: Manifest[] = [];
  /** domains whose manifest was refused: its files are not reported a second time as unlisted */
  const refused = new Set<string>();
  for (const [path, text] of previous) {
    const domain = /^([^/]+)\/manifest\.json$/.exec(path)?.[1];
    if (domain === undefined) continue;
    const parsed = parse<unknown>(text);
    const problem = parsed === undefined ? undefined : manifestProblem(parsed, domain, `${outLabel}/${domain}`);
    if (parsed === undefined || problem) {
      refused.add(domain);
      diagnostics.push(
        problem?.kind === 'path'
          ? diagnostic('FS2008', at(path), problem.message, 'restore the manifest from version control (git checkout), then compile again')
          : diagnostic('FS2007', at(path), `this manifest is not valid JSON of the expected shape${problem ? ` (${problem.message})` : ''}`, restore),
      );
      continue;
    }
    manifests.push(parsed as Manifest);
  }
  for (const manifest of manifests) {
    for (const entry of manifest.schemas) {
      const snapshotPath = layout.snapshot(manifest.domain, entry.schema);
      const snapshotText = previous.get(snapshotPath);
      if (snapshotText === undefined) {
        diagnostics.push(diagnostic('FS2007', at(snapshotPath), 'the snapshot the manifest names is missing', restore));
        continue;
      }
      const migrations = new Map<string, string>();
      let intact = true;
      for (const m of entry.migrations) {
        const file = layout.migration(manifest.domain, entry.schema, m.id);
        const sql = previous.get(file);
        if (sql === undefined) {
          diagnostics.push(diagnostic('FS2004', at(layout.manifest(manifest.domain)), `migration ${m.file} of schema ${entry.schema} is listed in the manifest but the file is missing`, 'restore it from version control: applied migrations can never be regenerated'));
          intact = false;
        } else if (sha256(sql) !== m.sha256) {
          diagnostics.push(diagnostic('FS2003', at(file), `migration ${m.id} of schema ${entry.schema} was edited after it was generated (its sha256 no longer matches the manifest)`, 'restore the file (git checkout): databases may have applied it already; change the definition and bump the version instead'));
          intact = false;
        } else migrations.set(m.id, sql);
      }
      const clientFiles = clientText(previous, manifest.domain, entry.schema, client);
      const dataSchema = previous.get(layout.dataSchema(manifest.domain, entry.schema));
      const component = previousComponent(previous, manifest.domain, 'flows', entry.flow);
      if (intact) flows.set(`${manifest.domain}/${entry.schema}`, { domain: manifest.domain, entry, snapshotPath, snapshotText, migrations, client: clientFiles, dataSchema, component });
    }
  }
  // Migration files no manifest lists: history a lost manifest would silently drop.
  const listed = new Set<string>();
  for (const manifest of manifests) for (const entry of manifest.schemas) for (const m of entry.migrations) listed.add(layout.migration(manifest.domain, entry.schema, m.id));
  for (const file of previous.keys())
    if (/^[^/]+\/flows\/[^/]+\/migrations\/[^/]+\.sql$/.test(file) && !listed.has(file) && !refused.has(file.slice(0, file.indexOf('/'))))
      diagnostics.push(diagnostic('FS2006', at(file), 'this migration file is not listed in its domain\'s manifest', 'restore the manifest from version control; delete the file only if no database ever applied it'));
  return { outLabel, flows, diagnostics };
}

function parse<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** A history's snapshot, or undefined when it is not of the expected shape (FS2007). */
export function parseSnapshot(history: FlowHistory): Snapshot | undefined {
  const parsed = parse<Snapshot>(history.snapshotText);
  return parsed && typeof parsed.version === 'string' && Array.isArray(parsed.schema?.tables) && Array.isArray(parsed.dataFields) ? parsed : undefined;
}

/**
 * A flow's client files as one text (what its checksum covers and what an
 * unchanged flow passes through): client.ts, or client.js and client.d.ts
 * joined by a NUL, which neither can hold. Undefined when a file is missing.
 */
export function clientText(files: ReadonlyMap<string, string>, domain: string, schema: string, client: ClientLanguage): string | undefined {
  if (client === 'ts') return files.get(layout.client(domain, schema));
  const js = files.get(layout.clientJs(domain, schema));
  const dts = files.get(layout.clientDts(domain, schema));
  return js === undefined || dts === undefined ? undefined : `${js}\0${dts}`;
}

/** The client's files from clientText's text. */
export function clientFiles(text: string, domain: string, schema: string, client: ClientLanguage): [string, string][] {
  if (client === 'ts') return [[layout.client(domain, schema), text]];
  const at = text.indexOf('\0');
  return [
    [layout.clientJs(domain, schema), text.slice(0, at)],
    [layout.clientDts(domain, schema), text.slice(at + 1)],
  ];
}
