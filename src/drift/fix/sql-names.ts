import { quoteIdent } from '../../model/index.ts';
import type { DbObject } from '../objects.ts';

/** The keyword ALTER, DROP and COMMENT ON use for an object kind. */
const KEYWORD: Readonly<Record<string, string>> = {
  table: 'TABLE', view: 'VIEW', 'materialized view': 'MATERIALIZED VIEW', sequence: 'SEQUENCE', 'foreign table': 'FOREIGN TABLE',
  index: 'INDEX', function: 'FUNCTION', procedure: 'PROCEDURE', aggregate: 'AGGREGATE',
  enum: 'TYPE', 'composite type': 'TYPE', 'range type': 'TYPE', 'base type': 'TYPE', 'shell type': 'TYPE', domain: 'DOMAIN',
  statistics: 'STATISTICS', schema: 'SCHEMA', extension: 'EXTENSION', 'event trigger': 'EVENT TRIGGER', publication: 'PUBLICATION',
  language: 'LANGUAGE', cast: 'CAST', 'foreign-data wrapper': 'FOREIGN DATA WRAPPER', server: 'SERVER', subscription: 'SUBSCRIPTION',
  'user mapping': 'USER MAPPING', transform: 'TRANSFORM', 'access method': 'ACCESS METHOD', database: 'DATABASE', role: 'ROLE',
};

/** Kinds whose `_target` already starts with its keyword (collations, operators, text search objects, …). */
const SELF_NAMED = new Set(['collation', 'conversion', 'operator', 'operator class', 'operator family', 'text search configuration', 'text search dictionary', 'text search parser', 'text search template']);

/** `TABLE "s"."t"`, `COLLATION s.c`: what follows ALTER, DROP or COMMENT ON for a standalone object. */
export function objectRef(o: DbObject): string | undefined {
  const target = o.props._target;
  if (!target) return undefined;
  if (SELF_NAMED.has(o.kind)) return target;
  const keyword = KEYWORD[o.kind];
  return keyword && `${keyword} ${target}`;
}

/** What COMMENT ON takes for the object. */
export function commentRef(o: DbObject): string | undefined {
  const p = o.props;
  switch (o.kind) {
    case 'column':
    case 'attribute':
      return `COLUMN ${p._target}.${p._column}`;
    case 'constraint':
      return `CONSTRAINT ${p._name} ON ${p._on === 'domain' ? 'DOMAIN ' : ''}${p._target}`;
    case 'trigger':
    case 'rule':
    case 'policy':
      return `${o.kind.toUpperCase()} ${p._target} ON ${p._table}`;
    default:
      return objectRef(o);
  }
}

/** What GRANT and REVOKE take for the object, or undefined when it has no privileges of its own. */
export function grantRef(o: DbObject): string | undefined {
  const target = o.props._target;
  switch (o.kind) {
    case 'table':
    case 'view':
    case 'materialized view':
    case 'foreign table':
      return `TABLE ${target}`;
    case 'sequence':
      return `SEQUENCE ${target}`;
    case 'function':
    case 'aggregate':
      return `FUNCTION ${target}`;
    case 'procedure':
      return `PROCEDURE ${target}`;
    case 'enum':
    case 'composite type':
    case 'range type':
    case 'base type':
      return `TYPE ${target}`;
    case 'domain':
      return `DOMAIN ${target}`;
    case 'schema':
      return `SCHEMA ${target}`;
    case 'database':
      return `DATABASE ${target}`;
    case 'language':
      return `LANGUAGE ${target}`;
    case 'foreign-data wrapper':
      return `FOREIGN DATA WRAPPER ${target}`;
    case 'server':
      return `FOREIGN SERVER ${target}`;
    default:
      return undefined;
  }
}

/** How ALTER … ENABLE/DISABLE TRIGGER|RULE says a state the catalog queries print. */
export function enableClause(state: string | null): string {
  return state === 'disabled' ? 'DISABLE' : state === 'enabled on replicas only' ? 'ENABLE REPLICA' : state === 'always enabled' ? 'ENABLE ALWAYS' : 'ENABLE';
}

/** `a=1, b=2` (as the queries print options) -> the keys, for RESET (quoted: live options are not trusted). */
export function optionKeys(options: string | null): string[] {
  return options ? options.split(', ').map((o) => quoteIdent(o.includes('=') ? o.slice(0, o.indexOf('=')) : o)) : [];
}

/**
 * A list of names as the queries print them (`a, "b, c"`: each quoted by
 * PostgreSQL where needed) -> the names, still quoted: a `, ` inside a
 * quoted name does not split it.
 */
export function splitNames(list: string | null): string[] {
  if (!list) return [];
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < list.length; i++) {
    if (list[i] === '"') quoted = !quoted;
    else if (!quoted && list.startsWith(', ', i)) {
      out.push(list.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  out.push(list.slice(start));
  return out;
}

/** `a=1, b=2` -> `a='1', b='2'`, for SET (values quoted: any text an option can hold). */
export function optionAssignments(options: string, prefix = ''): string {
  return options
    .split(', ')
    .map((o) => {
      const at = o.indexOf('=');
      return `${prefix}${o.slice(0, at)}='${o.slice(at + 1).replaceAll("'", "''")}'`;
    })
    .join(', ');
}
