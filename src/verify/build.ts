import type pg from 'pg';
import { compareStates, type Finding } from '../drift/compare.ts';
import { ScratchBuilds } from '../drift/scratch.ts';
import { changeSql, expectedStatements } from '../emit/index.ts';
import { diagnostic, errorPositionIndex, loadSqlGrammar, withoutConcurrently, type Diagnostic, type FlowModel, type SourcePos, type Table } from '../model/index.ts';
import { describeChange, fileOrder, type Change } from '../plan/index.ts';
import { MigrationFailedError } from '../runtime/index.ts';
import type { FlowChain, VerifyMigration } from './chains.ts';
import { placeFailure, sourceLocator, type FailurePoint, type PgError, type SourceLocator } from './locate.ts';

/** What verifying one domain's flows found: diagnostics, and the flows that passed. */
export interface DomainVerification {
  readonly diagnostics: Diagnostic[];
  readonly passed: FlowChain[];
}

/** Opens a verification session on a domain's scratch database (`<domain>_drift`, as its init role). */
export function scratchSession(url: string, domain: string): ScratchBuilds {
  return new ScratchBuilds(url, domain, '', { holder: 'drift check or compile --verify' });
}

/**
 * Verifies flows of one domain in its scratch database, as its init role:
 *  1. each flow's chain, one migration file at a time, each in its own
 *     transaction with the migration guard (ScratchBuilds.apply); a refused
 *     one is FS2201 at the definition element it came from, and the chain
 *     stops there;
 *  2. the chains' catalogs are read, their schemas dropped, and each flow's
 *     latest version built fresh under the same name (FS2201 again if
 *     PostgreSQL refuses that);
 *  3. chain and fresh build compared by their catalog fingerprints, object
 *     by object: each difference is FS2202.
 * A chain that is one migration with the fresh build's statements needs no
 * second build. Everything built is dropped (by close(), which the caller
 * calls). `sources` (the definitions) place a refused seed row or
 * before/after SQL exactly.
 */
export async function verifyDomain(scratch: ScratchBuilds, chains: readonly FlowChain[], sources?: ReadonlyMap<string, string>): Promise<DomainVerification> {
  // The definitions are read again (with TypeScript's parser) only when a refused seed row or before/after SQL is placed.
  const locate = sources && sourceLocator(sources);
  const diagnostics: Diagnostic[] = [];
  const built: FlowChain[] = [];
  for (const c of chains) {
    let ok = true;
    for (const m of c.chain) {
      const refusal = await applyOne(scratch, c, m, 'chain', locate);
      if (refusal) {
        diagnostics.push(refusal);
        ok = false;
        break;
      }
    }
    if (ok) built.push(c);
  }
  const compared = built.filter((c) => !c.trivial);
  const chainStates = await scratch.states(compared.map((c) => c.schema));
  await scratch.drop(chains.map((c) => c.schema));

  const fresh: FlowChain[] = [];
  for (const c of compared) {
    const refusal = await applyOne(scratch, c, c.fresh, 'fresh', locate);
    if (refusal) diagnostics.push(refusal);
    else fresh.push(c);
  }
  const freshStates = await scratch.states(fresh.map((c) => c.schema));
  await scratch.drop(fresh.map((c) => c.schema));

  const differing = new Set<FlowChain>();
  for (const c of fresh) {
    // Added columns come last after a chain: their order is not the chain's to match.
    const findings = compareStates(freshStates.get(c.schema)!, chainStates.get(c.schema)!, { columnOrder: false });
    if (findings.length) differing.add(c);
    for (const f of findings) diagnostics.push(differs(c, f));
  }
  return { diagnostics, passed: built.filter((c) => c.trivial || (fresh.includes(c) && !differing.has(c))) };
}

/** Applies one migration; a refusal is returned as a diagnostic, with where PostgreSQL stopped placed in the definition. */
async function applyOne(scratch: ScratchBuilds, c: FlowChain, m: VerifyMigration, build: 'chain' | 'fresh', locate?: SourceLocator): Promise<Diagnostic | undefined> {
  try {
    await scratch.apply(c.schema, m.file, m.sql);
    return undefined;
  } catch (error) {
    if (!(error instanceof MigrationFailedError) || !isPgError(error.cause)) throw error;
    const found = await findFailure(await scratch.connection(), m, error.cause, error.stepStart);
    return await refused(c, m, build, found, locate);
  }
}

const isPgError = (e: unknown): e is PgError & Error => e instanceof Error && typeof (e as { code?: unknown }).code === 'string';

interface Found {
  readonly error: PgError;
  /** 0-based statement index in the file */
  readonly statement?: number;
  readonly point: FailurePoint;
}

/**
 * Where in a refused migration PostgreSQL stopped: the file is run again
 * statement by statement in a transaction that is rolled back (a savepoint
 * before each), so even an error without a position (a value overflowing
 * its column, a key violated) is pinned to one statement; the change that
 * rendered it follows from the plan (expectedStatements gives how many
 * statements each change renders to), and for seed rows, the rows are
 * inserted one at a time to find the one refused. Same role, same
 * statements as the migration itself, all rolled back. A file holding
 * transaction control (which flowschema never writes) is not run again.
 */
async function findFailure(client: pg.Client, m: VerifyMigration, original: PgError, stepStart = 0): Promise<Found> {
  const plain: Found = { error: original, point: {} };
  await loadSqlGrammar();
  const grammar = await import('libpg-query');
  let stmts: { stmt?: Record<string, Record<string, unknown>>; stmt_location?: number; stmt_len?: number }[];
  try {
    stmts = (grammar.parseSync(m.sql) as { stmts?: typeof stmts }).stmts ?? [];
  } catch {
    return plain;
  }
  const parsed = stmts.map((s) => {
    const [kind, node] = Object.entries(s.stmt ?? {})[0] ?? ['(empty)', {}];
    return { kind, node, location: s.stmt_location ?? 0, length: s.stmt_len ?? 0 };
  });
  if (parsed.some((s) => s.kind === 'TransactionStmt')) return plain;
  const bytes = Buffer.from(m.sql);
  // Rerun inside one transaction: an index built CONCURRENTLY (a step of its own in the file) is built plainly here.
  const texts = parsed.map((s) => {
    const text = bytes.subarray(s.location, s.length ? s.location + s.length : bytes.length).toString();
    return (s.node as { concurrent?: boolean }).concurrent === true ? withoutConcurrently(text) : text;
  });
  const changeAt = changeIndex(m.changes);

  let found: Found | undefined;
  await client.query('BEGIN');
  try {
    for (const [i, text] of texts.entries()) {
      // A migration in steps: the steps before the refused one are applied already.
      if (parsed[i]!.location < stepStart) continue;
      await client.query('SAVEPOINT flowschema_verify');
      try {
        await client.query(text);
      } catch (error) {
        if (!isPgError(error)) throw error;
        await client.query('ROLLBACK TO SAVEPOINT flowschema_verify');
        const s = parsed[i]!;
        const offset = error.position === undefined ? undefined : s.location + Buffer.byteLength(text.slice(0, errorPositionIndex(text, Number(error.position))));
        const change = changeAt?.(i);
        const row = change && (change.kind === 'InsertSeeds' || change.kind === 'UpsertSeeds') ? await refusedRow(client, change, m.toVersion) : undefined;
        found = {
          error: row?.error ?? error,
          statement: i,
          point: { kind: s.kind, node: s.node, ...(offset !== undefined && { offset }), ...(change && { change }), ...(row && { row: row.index }) },
        };
        break;
      }
    }
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    await client.query('RESET ALL').catch(() => {});
  }
  return found ?? plain;
}

/** statement index -> the change that rendered it, when the migration's changes are known. */
function changeIndex(changes: readonly Change[] | undefined): ((statement: number) => Change | undefined) | undefined {
  if (!changes) return undefined;
  const owners: Change[] = [];
  for (const change of fileOrder(changes)) for (let i = 0; i < expectedStatements(change).length; i++) owners.push(change);
  return (statement) => owners[statement];
}

/** The first seed row PostgreSQL refuses when the rows go in one at a time (each after the ones before). */
async function refusedRow(client: pg.Client, change: Extract<Change, { kind: 'InsertSeeds' | 'UpsertSeeds' }>, version: string): Promise<{ index: number; error: PgError } | undefined> {
  for (const [index, row] of change.seeds.rows.entries()) {
    await client.query('SAVEPOINT flowschema_verify_row');
    try {
      await client.query(changeSql({ ...change, seeds: { ...change.seeds, rows: [row] } }, version));
    } catch (error) {
      if (!isPgError(error)) throw error;
      await client.query('ROLLBACK TO SAVEPOINT flowschema_verify_row');
      return { index, error };
    }
  }
  return undefined;
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

/** FS2201: a migration PostgreSQL refuses, at the definition element it came from. */
async function refused(c: FlowChain, m: VerifyMigration, build: 'chain' | 'fresh', found: Found, locate?: SourceLocator): Promise<Diagnostic> {
  const { pos, what } = await placeFailure(c.flow, found.point, found.error, locate);
  const e = found.error;
  const where = build === 'fresh' ? `a fresh build of version ${c.flow.version} of schema ${c.schema}` : `migration ${m.id} of schema ${c.schema}`;
  const statement = found.statement === undefined ? '' : ` (statement ${found.statement + 1}${found.point.change ? `: ${describeChange(found.point.change)}` : ''})`;
  const detail = e.detail ? `; detail: ${oneLine(e.detail)}` : '';
  const hint = e.hint
    ? oneLine(e.hint)
    : m.changes === undefined
      ? `${m.file} is already in the history: if it was edited, restore it from version control (git checkout); flowschema up would stop at it too`
      : 'flowschema up would stop here: fix the definition, then compile again';
  return diagnostic('FS2201', pos, `PostgreSQL refuses ${what ? `${what} in ` : ''}${where}${statement}: ${oneLine(e.message)} (SQLSTATE ${e.code ?? 'unknown'})${detail}`, hint);
}

/** FS2202: the chain's result and a fresh build differ in one object. */
function differs(c: FlowChain, f: Finding): Diagnostic {
  const parts = /^(.*) (dropped|added|changed)$/.exec(f.kind);
  const noun = parts?.[1] ?? f.kind;
  const text =
    parts?.[2] === 'dropped'
      ? `${noun} ${f.object} is missing after the chain (a fresh build has: ${f.expected ?? 'it'})`
      : parts?.[2] === 'added'
        ? `${noun} ${f.object} is there after the chain (${f.live ?? 'present'}) but not in a fresh build`
        : `${noun} ${f.object} differs${f.property ? ` in its ${f.property}` : ''}: ${f.live ?? 'none'} after the chain, ${f.expected ?? 'none'} in a fresh build`;
  return diagnostic(
    'FS2202',
    objectPos(c.flow, f.object),
    `the migrations of schema ${c.schema} do not build what version ${c.flow.version} declares: ${text}`,
    "the history does not lead to this version's schema (a migration edited and re-checksummed, a snapshot edited by hand, or before/after SQL that changes the schema): restore generated/ from version control (git checkout), then compile again",
  );
}

/** Where the definition declares a compared object (`table`, `table.column`, `table.constraint`, an index or enum type). */
function objectPos(flow: FlowModel, object: string): SourcePos {
  const flowPos: SourcePos = flow.pos ?? { file: flow.file, line: 1, column: 1 };
  const [tableName, part] = object.includes('.') ? [object.slice(0, object.indexOf('.')), object.slice(object.indexOf('.') + 1)] : [object, undefined];
  const table: Table | undefined = flow.schema.tables.find((t) => t.name === tableName);
  if (table) {
    if (part === undefined) return table.pos ?? flowPos;
    const element = table.columns.find((x) => x.name === part) ?? [table.primaryKey, ...table.uniques, ...table.checks, ...table.foreignKeys].find((k) => k?.name === part);
    return element?.pos ?? table.pos ?? flowPos;
  }
  for (const t of flow.schema.tables) {
    const index = t.indexes.find((i) => i.name === object);
    if (index) return index.pos ?? t.pos ?? flowPos;
  }
  return flow.schema.enums.find((e) => e.name === object)?.pos ?? flowPos;
}
