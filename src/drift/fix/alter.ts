import { quoteIdent, quoteLiteral } from '../../model/index.ts';
import type { DbObject } from '../objects.ts';
import { defaultPrivilegeStatements, privilegeStatements } from './acl.ts';
import { actorOf, childrenOf, createStatements, dropStatements, indexProperties, sequenceOptions } from './create.ts';
import { enumStatements } from './enum.ts';
import { commentRef, enableClause, grantRef, objectRef, optionAssignments, optionKeys, splitNames } from './sql-names.ts';
import { STEP, type FixContext, type FixStatement } from './types.ts';

const ROLE_FLAGS: Readonly<Record<string, string>> = {
  superuser: 'SUPERUSER', 'create database': 'CREATEDB', 'create role': 'CREATEROLE', inherit: 'INHERIT', login: 'LOGIN', replication: 'REPLICATION', 'bypass row security': 'BYPASSRLS',
};

/** Drop it and make it again as expected (with what belongs to it). */
function rebuild(e: DbObject, l: DbObject, ctx: FixContext): FixStatement[] | undefined {
  const made = createStatements(e, ctx);
  return made && [...dropStatements(l, ctx), ...made];
}

/**
 * The statements that take one property of an object from its live value
 * to the expected one, or undefined when no statement can (a column's
 * position, a partition bound): the finding then comes without a fix.
 */
export function changeStatements(e: DbObject, l: DbObject, property: string, ctx: FixContext): FixStatement[] | undefined {
  const p = e.props;
  const want = p[property] ?? null;
  const had = l.props[property] ?? null;
  const as = actorOf(ctx.expected, e, ctx.init);
  const admin = (sql: string, step: number = STEP.property): FixStatement => ({ sql, as: 'administrator', step });
  const own = (sql: string, step: number = STEP.property): FixStatement => ({ sql, as, step });

  // Properties every kind that has them fixes the same way.
  if (property === 'owner') {
    if (e.kind === 'extension' || e.kind === 'language') return undefined;
    const ref = e.kind === 'database' ? `DATABASE ${p._target}` : objectRef(e);
    return ref && want !== null ? [admin(`ALTER ${ref} OWNER TO ${quoteIdent(want)}`, STEP.owner)] : undefined;
  }
  if (property === 'comment') {
    const ref = commentRef(e);
    const actor = ['database', 'role', 'extension', 'event trigger', 'publication', 'language', 'cast'].includes(e.kind) ? 'administrator' : as;
    return ref ? [{ sql: `COMMENT ON ${ref} IS ${want === null ? 'NULL' : quoteLiteral(want)}`, as: actor, step: STEP.comment }] : undefined;
  }
  if (property === 'privileges') {
    if (e.kind === 'default privileges') {
      return defaultPrivilegeStatements(e, had, want).map((sql) => admin(sql, STEP.privileges));
    }
    if (e.kind === 'column' || e.kind === 'attribute') return privilegeStatements(`TABLE ${p._target}`, had, want, p._column!).map((sql) => own(sql, STEP.privileges));
    const ref = grantRef(e);
    const actor = e.kind === 'database' || e.kind === 'schema' && p.owner !== ctx.init ? 'administrator' : as;
    return ref ? privilegeStatements(ref, had, want).map((sql) => ({ sql, as: actor, step: STEP.privileges })) : undefined;
  }

  switch (e.kind) {
    case 'table':
    case 'view':
    case 'materialized view':
    case 'sequence':
    case 'foreign table':
      return relationChange(e, l, property, ctx);
    case 'column':
    case 'attribute':
      return columnChange(e, l, property, ctx);
    case 'constraint':
      if (property === 'definition') return rebuild(e, l, ctx);
      if (property === 'enforcement triggers')
        // Internal triggers: only a superuser may enable them.
        return (JSON.parse(l.props['_disabled triggers'] ?? '[]') as [string, string][]).map(([table, trigger]) => admin(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`, STEP.owner + 1));
      return undefined;
    case 'index':
      return indexChange(e, l, property, ctx);
    case 'trigger':
    case 'rule':
      if (property === 'definition') return rebuild(e, l, ctx);
      if (property === 'enabled') return [own(`ALTER TABLE ${p._table} ${enableClause(want)} ${e.kind.toUpperCase()} ${p._target}`)];
      return undefined;
    case 'policy':
      return rebuild(e, l, ctx);
    case 'function':
    case 'procedure':
      // Early: an expression the script evaluates later (a CHECK re-validated by a type change) may call it.
      return property === 'definition' ? [own(p.definition!.trim().replace(/;$/, ''), STEP.routineBody)] : undefined;
    case 'enum':
      return property === 'values' ? enumStatements(e, l, ctx) : undefined;
    case 'domain':
      if (property === 'default') return [own(`ALTER DOMAIN ${p._target} ${want === null ? 'DROP DEFAULT' : `SET DEFAULT ${want}`}`)];
      if (property === 'not null') return [own(`ALTER DOMAIN ${p._target} ${want === 'yes' ? 'SET' : 'DROP'} NOT NULL`)];
      return undefined;
    case 'statistics':
      if (property === 'definition') return rebuild(e, l, ctx);
      if (property === 'statistics') return [own(`ALTER STATISTICS ${p._target} SET STATISTICS ${want ?? -1}`)];
      return undefined;
    case 'schema':
      if (property === 'publications') return publicationChanges(had, want, `TABLES IN SCHEMA ${p._target}`).map((sql) => admin(sql));
      return undefined;
    case 'extension':
      if (property === 'version' && want !== null) return [admin(`ALTER EXTENSION ${p._target} UPDATE TO ${quoteLiteral(want)}`)];
      if (property === 'schema' && want !== null) return [admin(`ALTER EXTENSION ${p._target} SET SCHEMA ${quoteIdent(want)}`)];
      return undefined;
    case 'event trigger':
      return property === 'enabled' ? [admin(`ALTER EVENT TRIGGER ${p._target} ${enableClause(want)}`)] : undefined;
    case 'settings': {
      // the live database's name (the expected settings were read in the drift database)
      const database = l.props._database;
      return [admin(p._role ? `ALTER ROLE ${p._role} IN DATABASE ${database} RESET ALL` : `ALTER DATABASE ${database} RESET ALL`)];
    }
    case 'database':
      if (property === 'connection limit') return [admin(`ALTER DATABASE ${p._target} CONNECTION LIMIT ${want}`)];
      if (property === 'allows connections') return [admin(`ALTER DATABASE ${p._target} ALLOW_CONNECTIONS ${want === 'yes'}`)];
      if (property === 'template') return [admin(`ALTER DATABASE ${p._target} IS_TEMPLATE ${want === 'yes'}`)];
      return undefined;
    case 'role':
      return roleChange(e, l, property, ctx);
    default:
      return undefined;
  }
}


function publicationChanges(had: string | null, want: string | null, what: string): string[] {
  const live = splitNames(had);
  const expected = splitNames(want);
  return [
    ...live.filter((x) => !expected.includes(x)).map((x) => `ALTER PUBLICATION ${x} DROP ${what}`),
    ...expected.filter((x) => !live.includes(x)).map((x) => `ALTER PUBLICATION ${x} ADD ${what}`),
  ];
}

function relationChange(e: DbObject, l: DbObject, property: string, ctx: FixContext): FixStatement[] | undefined {
  const p = e.props;
  const want = p[property] ?? null;
  const had = l.props[property] ?? null;
  const as = actorOf(ctx.expected, e, ctx.init);
  const ref = objectRef(e)!;
  const own = (sql: string, step: number = STEP.property): FixStatement => ({ sql, as, step });
  const admin = (sql: string, step: number = STEP.property): FixStatement => ({ sql, as: 'administrator', step });
  switch (property) {
    case 'definition':
      return rebuild(e, l, ctx);
    case 'persistence':
      return [own(`ALTER ${ref} SET ${want === 'unlogged' ? 'UNLOGGED' : 'LOGGED'}`)];
    case 'options':
      return [...(had ? [own(`ALTER ${ref} RESET (${optionKeys(had).join(', ')})`)] : []), ...(want ? [own(`ALTER ${ref} SET (${optionAssignments(want)})`)] : [])];
    case 'toast options':
      return [...(had ? [own(`ALTER ${ref} RESET (${optionKeys(had).map((k) => `toast.${k}`).join(', ')})`)] : []), ...(want ? [own(`ALTER ${ref} SET (${optionAssignments(want, 'toast.')})`)] : [])];
    case 'tablespace':
      return [admin(`ALTER ${ref} SET TABLESPACE ${want === null ? 'pg_default' : quoteIdent(want)}`)];
    case 'access method':
      return want === null ? undefined : [own(`ALTER ${ref} SET ACCESS METHOD ${quoteIdent(want)}`)];
    case 'inherits': {
      const live = splitNames(had);
      const expected = splitNames(want);
      return [
        ...live.filter((x) => !expected.includes(x)).map((x) => admin(`ALTER TABLE ${p._target} NO INHERIT ${x}`, STEP.detach)),
        ...expected.filter((x) => !live.includes(x)).map((x) => admin(`ALTER TABLE ${p._target} INHERIT ${x}`)),
      ];
    }
    case 'replica identity': {
      if (want !== 'index') return [own(`ALTER TABLE ${p._target} REPLICA IDENTITY ${want!.toUpperCase()}`)];
      const index = childrenOfTable(e, ctx).find((i) => i.props['replica identity'] === 'yes');
      return index ? [own(`ALTER TABLE ${p._target} REPLICA IDENTITY USING INDEX ${index.props._name}`)] : undefined;
    }
    case 'row security':
      return [own(`ALTER TABLE ${p._target} ${want === 'enabled' ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY`)];
    case 'forced row security':
      return [own(`ALTER TABLE ${p._target} ${want === 'yes' ? 'FORCE' : 'NO FORCE'} ROW LEVEL SECURITY`)];
    case 'of type':
      return [own(`ALTER TABLE ${p._target} ${want === null ? 'NOT OF' : `OF ${want}`}`, want === null ? STEP.detach : STEP.property)];
    case 'publications':
      return publicationChanges(had, want, `TABLE ${p._target}`).map((sql) => admin(sql, / DROP /.test(sql) ? STEP.detach : STEP.property));
    case 'type':
    case 'start':
    case 'increment':
    case 'minimum':
    case 'maximum':
    case 'cache':
    case 'cycle':
      return [own(`ALTER SEQUENCE ${p._target} ${sequenceOptions(e, p._identity !== 'yes')}`)];
    case 'owned by':
      if (p._identity === 'yes' || l.props._identity === 'yes') return undefined;
      return [own(`ALTER SEQUENCE ${p._target} OWNED BY ${want ?? 'NONE'}`, STEP.ownedBy)];
    default:
      return undefined;
  }
}

/** A table's indexes, wherever they hang (directly, or under one of its constraints). */
function childrenOfTable(table: DbObject, ctx: FixContext): DbObject[] {
  return childrenOf(ctx.expected, table).flatMap((c) => (c.kind === 'index' ? [c] : c.kind === 'constraint' ? childrenOf(ctx.expected, c) : []));
}

function columnChange(e: DbObject, l: DbObject, property: string, ctx: FixContext): FixStatement[] | undefined {
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

function indexChange(e: DbObject, l: DbObject, property: string, ctx: FixContext): FixStatement[] | undefined {
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

function roleChange(e: DbObject, l: DbObject, property: string, ctx: FixContext): FixStatement[] | undefined {
  const p = e.props;
  const want = p[property] ?? null;
  const admin = (sql: string): FixStatement => ({ sql, as: 'administrator', step: STEP.owner - 10 });
  const flag = ROLE_FLAGS[property];
  if (flag) return [admin(`ALTER ROLE ${p._target} ${want === 'yes' ? '' : 'NO'}${flag}`)];
  const names = (text: string | null) => splitNames(text).map((x) => x.replace(/ with admin option$/, ''));
  switch (property) {
    case 'connection limit':
      return [admin(`ALTER ROLE ${p._target} CONNECTION LIMIT ${want}`)];
    case 'valid until':
      return [admin(`ALTER ROLE ${p._target} VALID UNTIL ${quoteLiteral(want ?? 'infinity')}`)];
    case 'member of':
      return names(l.props[property] ?? null).filter((g) => !names(want).includes(g)).map((g) => admin(`REVOKE ${g} FROM ${p._target}`));
    case 'members':
      return names(l.props[property] ?? null).filter((m) => !names(want).includes(m)).map((m) => admin(`REVOKE ${p._target} FROM ${m}`));
    case 'settings':
      return [admin(`ALTER ROLE ${p._target} RESET ALL`), ...(JSON.parse(l.props._databases ?? '[]') as string[]).map((d) => admin(`ALTER ROLE ${p._target} IN DATABASE ${d} RESET ALL`))];
    default:
      void ctx;
      return undefined;
  }
}
