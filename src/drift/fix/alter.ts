import { quoteIdent, quoteLiteral } from '../../model/index.ts';
import type { DbObject } from '../objects.ts';
import { defaultPrivilegeStatements, privilegeStatements } from './acl.ts';
import { actorOf, childrenOf, sequenceOptions } from './create.ts';
import { enumStatements } from './enum.ts';
import { commentRef, enableClause, grantRef, objectRef, optionAssignments, optionKeys, splitNames } from './sql-names.ts';
import { STEP, type FixContext, type FixStatement } from './types.ts';
import { columnChange, indexChange, rebuild } from './alter-columns-indexes.ts';

const ROLE_FLAGS: Readonly<Record<string, string>> = {
  superuser: 'SUPERUSER', 'create database': 'CREATEDB', 'create role': 'CREATEROLE', inherit: 'INHERIT', login: 'LOGIN', replication: 'REPLICATION', 'bypass row security': 'BYPASSRLS',
};

/** Drop it and make it again as expected (with what belongs to it). */

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
