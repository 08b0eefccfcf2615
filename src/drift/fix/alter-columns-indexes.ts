import { quoteIdent } from '../../model/index.ts';
import type { DbObject } from '../objects.ts';
import { actorOf, createStatements, dropStatements, indexProperties, sequenceOptions } from './create.ts';
import { optionAssignments, optionKeys } from './sql-names.ts';
import { STEP, type FixContext, type FixStatement } from './types.ts';

/**
 * Fixes for one property of a column or an index, which changeStatements
 * (alter.ts) hands over; and rebuilding an object.
 */

/** Drop the live object and make the expected one again (a definition PostgreSQL cannot alter in place). */
export function rebuild(e: DbObject, l: DbObject, ctx: FixContext): FixStatement[] | undefined {
  const made = createStatements(e, ctx);
  return made && [...dropStatements(l, ctx), ...made];
}

export function columnChange(e: DbObject, l: DbObject, property: string, ctx: FixContext): FixStatement[] | undefined {
  const p = e.props;
  const want = p[property] ?? null;
  const had = l.props[property] ?? null;
  const as = actorOf(ctx.expected, e, ctx.init);
  const parent = ctx.expected.objects.get(e.parent!);
  if (parent?.kind !== 'table' && parent?.kind !== 'composite type') {
    // A view's column: its defaults and comments only (privileges and comments are handled above).
    return property === 'default' && parent?.kind === 'view' ? [{ sql: `ALTER VIEW ${p._target} ALTER COLUMN ${p._column} ${want === null ? 'DROP DEFAULT' : `SET DEFAULT ${want}`}`, as, step: STEP.property }] : undefined;
  }
  const own = (what: string, step: number = STEP.property): FixStatement => ({ sql: `ALTER TABLE ${p._target} ALTER COLUMN ${p._column} ${what}`, as, step });
  if (e.kind === 'attribute')
    return property === 'type' || property === 'collation' ? [{ sql: `ALTER TYPE ${p._target} ALTER ATTRIBUTE ${p._column} TYPE ${p.type}${p.collation ? ` COLLATE ${p.collation}` : ''}`, as, step: STEP.type }] : undefined;
  switch (property) {
    case 'type':
    case 'collation':
      // A default that does not cast to the new type would stop the change: it is set again after.
      return [
        ...(l.props.default ? [own('DROP DEFAULT', STEP.column)] : []),
        own(`TYPE ${p.type}${p.collation ? ` COLLATE ${p.collation}` : ''} USING ${p._column}::${p.type}`, STEP.column),
        ...(p.default ? [own(`SET DEFAULT ${p.default}`, STEP.column)] : []),
      ];
    case 'not null':
      return [own(`${want === 'yes' ? 'SET' : 'DROP'} NOT NULL`, STEP.column)];
    case 'default':
      return [own(want === null ? 'DROP DEFAULT' : `SET DEFAULT ${want}`, STEP.column)];
    case 'generated':
      return want === null && l.props.generated !== null ? [own('DROP EXPRESSION', STEP.column)] : undefined;
    case 'identity':
      if (want === null) return [own('DROP IDENTITY', STEP.column)];
      if (had === null) {
        const sequence = [...ctx.expected.objects.values()].find((s) => s.kind === 'sequence' && s.props['owned by'] === `identity of ${p._target}.${p._column}`);
        return [own(`ADD GENERATED ${want === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY${sequence ? ` (SEQUENCE NAME ${sequence.props._target} ${sequenceOptions(sequence, false)})` : ''}`, STEP.column)];
      }
      return [own(`SET GENERATED ${want === 'always' ? 'ALWAYS' : 'BY DEFAULT'}`, STEP.column)];
    case 'storage':
      return want === null ? undefined : [own(`SET STORAGE ${want.toUpperCase()}`)];
    case 'compression':
      return [own(`SET COMPRESSION ${want ?? 'default'}`)];
    case 'statistics':
      return [own(`SET STATISTICS ${want ?? -1}`)];
    case 'options':
      return [...(had ? [own(`RESET (${optionKeys(had).join(', ')})`)] : []), ...(want ? [own(`SET (${optionAssignments(want)})`)] : [])];
    default:
      return undefined;
  }
}

export function indexChange(e: DbObject, l: DbObject, property: string, ctx: FixContext): FixStatement[] | undefined {
  const p = e.props;
  const want = p[property] ?? null;
  const had = l.props[property] ?? null;
  const as = actorOf(ctx.expected, e, ctx.init);
  const own = (sql: string): FixStatement => ({ sql, as, step: STEP.property });
  switch (property) {
    case 'method':
    case 'unique':
    case 'nulls not distinct':
    case 'key':
    case 'include':
    case 'where': {
      // A constraint's index is made again by making the constraint again.
      const constraint = e.parent?.startsWith('constraint:') ? ctx.expected.objects.get(e.parent) : undefined;
      const liveConstraint = constraint && ctx.live.objects.get(e.parent!);
      if (constraint && liveConstraint) return rebuild(constraint, liveConstraint, ctx);
      return rebuild(e, l, ctx);
    }
    case 'options':
      return [...(had ? [own(`ALTER INDEX ${p._target} RESET (${optionKeys(had).join(', ')})`)] : []), ...(want ? [own(`ALTER INDEX ${p._target} SET (${optionAssignments(want)})`)] : [])];
    case 'tablespace':
      return [{ sql: `ALTER INDEX ${p._target} SET TABLESPACE ${want === null ? 'pg_default' : quoteIdent(want)}`, as: 'administrator', step: STEP.property }];
    case 'clustered':
      return [own(want === 'yes' ? `ALTER TABLE ${p._table} CLUSTER ON ${p._name}` : `ALTER TABLE ${p._table} SET WITHOUT CLUSTER`)];
    case 'replica identity': {
      if (want === 'yes') return indexProperties(e, as).filter((s) => s.sql.includes('REPLICA IDENTITY'));
      const table = ctx.expected.objects.get(e.parent!.startsWith('constraint:') ? ctx.expected.objects.get(e.parent!)!.parent! : e.parent!);
      return [own(`ALTER TABLE ${p._table} REPLICA IDENTITY ${(table?.props['replica identity'] ?? 'default').toUpperCase()}`)];
    }
    case 'valid':
      return [own(`REINDEX INDEX ${p._target}`)];
    case 'statistics': {
      const parse = (text: string | null) => new Map((text?.split(', ') ?? []).map((x) => x.split(': ') as [string, string]));
      const a = parse(want);
      const b = parse(had);
      return [...new Set([...a.keys(), ...b.keys()])].filter((c) => a.get(c) !== b.get(c)).map((c) => own(`ALTER INDEX ${p._target} ALTER COLUMN ${c} SET STATISTICS ${a.get(c) ?? -1}`));
    }
    default:
      return undefined;
  }
}
