import { RELATION_KIND } from './relations.ts';
import { collationName, commentOf, enabledState, optionsOf, yesNo } from './sql-parts.ts';

/**
 * Constraints of tables and domains (pg_get_constraintdef: kind, columns,
 * expression, references, actions, deferrability, NOT VALID), with the state
 * of a foreign key's internal triggers: `DISABLE TRIGGER ALL` stops a foreign
 * key from being enforced, and pg_dump does not print it.
 */
export const CONSTRAINTS_SQL = `
SELECT n.nspname AS schema, 'constraint' AS kind, coalesce(c.relname, ty.typname) || '.' || k.conname AS name,
  CASE WHEN k.conrelid <> 0 THEN ${RELATION_KIND} || ':' || c.relname ELSE 'domain:' || ty.typname END AS parent,
  jsonb_build_object(
    '_target', CASE WHEN k.conrelid <> 0 THEN format('%I.%I', n.nspname, c.relname) ELSE format('%I.%I', n.nspname, ty.typname) END,
    '_name', quote_ident(k.conname),
    '_on', CASE WHEN k.conrelid <> 0 THEN 'table' ELSE 'domain' END,
    '_kind', k.contype::text,
    'definition', pg_get_constraintdef(k.oid),
    'comment', ${commentOf('pg_constraint', 'k.oid')},
    'inherited', CASE WHEN k.coninhcount > 0 THEN CASE WHEN k.conislocal THEN 'inherited, also local' ELSE 'inherited' END END,
    'enforcement triggers', CASE WHEN k.contype = 'f' THEN (
      SELECT string_agg(DISTINCT ${enabledState('t.tgenabled')}, ', ') FROM pg_trigger t WHERE t.tgconstraint = k.oid AND t.tgisinternal) END,
    '_disabled triggers', CASE WHEN k.contype = 'f' THEN (
      SELECT string_agg(t.tgrelid::regclass::text || ' ' || quote_ident(t.tgname), E'\\n' ORDER BY t.tgname) FROM pg_trigger t WHERE t.tgconstraint = k.oid AND t.tgisinternal AND t.tgenabled <> 'O') END
  ) AS props
  FROM pg_constraint k
  JOIN pg_namespace n ON n.oid = k.connamespace
  LEFT JOIN pg_class c ON c.oid = k.conrelid
  LEFT JOIN pg_type ty ON ty.oid = k.contypid
 WHERE n.nspname = ANY($1) AND k.contype <> 't'`;

/** One key column of index x at 0-based position k: expression, then collation, operator class and order when not the default. */
const INDEX_KEY_COLUMN = `pg_get_indexdef(x.indexrelid, k + 1, true)
  || CASE WHEN x.indcollation[k] <> 0 AND x.indcollation[k] IS DISTINCT FROM (
       CASE WHEN x.indkey[k] <> 0 THEN (SELECT ta.attcollation FROM pg_attribute ta WHERE ta.attrelid = x.indrelid AND ta.attnum = x.indkey[k])
            ELSE (SELECT it.typcollation FROM pg_attribute ia JOIN pg_type it ON it.oid = ia.atttypid WHERE ia.attrelid = x.indexrelid AND ia.attnum = k + 1) END)
       THEN ' COLLATE ' || ${collationName('x.indcollation[k]')} ELSE '' END
  || (SELECT CASE WHEN opc.opcdefault THEN '' WHEN ocn.nspname = 'pg_catalog' THEN ' ' || quote_ident(opc.opcname) ELSE ' ' || quote_ident(ocn.nspname) || '.' || quote_ident(opc.opcname) END
        FROM pg_opclass opc JOIN pg_namespace ocn ON ocn.oid = opc.opcnamespace WHERE opc.oid = x.indclass[k])
  || CASE WHEN x.indoption[k] & 1 = 1 THEN ' DESC' ELSE '' END
  || CASE WHEN x.indoption[k] & 3 = 2 THEN ' NULLS FIRST' WHEN x.indoption[k] & 3 = 1 THEN ' NULLS LAST' ELSE '' END`;

/**
 * Indexes, property by property (what CREATE INDEX says, and what ALTER
 * INDEX and ALTER TABLE add: clustering, replica identity, per-column
 * statistics). The index of a primary key, unique or exclusion constraint
 * belongs to the constraint: it goes and comes with it.
 */
export const INDEXES_SQL = `
SELECT n.nspname AS schema, 'index' AS kind, i.relname AS name,
  coalesce('constraint:' || t.relname || '.' || k.conname, ${RELATION_KIND.replaceAll('c.', 't.')} || ':' || t.relname) AS parent,
  jsonb_build_object(
    '_target', format('%I.%I', n.nspname, i.relname), '_name', quote_ident(i.relname), '_table', format('%I.%I', n.nspname, t.relname),
    '_create', pg_get_indexdef(x.indexrelid),
    'method', am.amname,
    'unique', ${yesNo('x.indisunique')},
    'nulls not distinct', ${yesNo('x.indnullsnotdistinct')},
    'key', array_to_string(ARRAY(SELECT ${INDEX_KEY_COLUMN} FROM generate_series(0, x.indnkeyatts - 1) k ORDER BY k), ', '),
    'include', nullif(array_to_string(ARRAY(SELECT pg_get_indexdef(x.indexrelid, k + 1, true) FROM generate_series(x.indnkeyatts, x.indnatts - 1) k ORDER BY k), ', '), ''),
    'where', pg_get_expr(x.indpred, x.indrelid),
    'options', ${optionsOf('i.reloptions')},
    'tablespace', ts.spcname,
    'clustered', ${yesNo('x.indisclustered')},
    'replica identity', ${yesNo('x.indisreplident')},
    'valid', ${yesNo('x.indisvalid')},
    'statistics', nullif(array_to_string(ARRAY(SELECT ia.attnum || ': ' || ia.attstattarget FROM pg_attribute ia WHERE ia.attrelid = x.indexrelid AND coalesce(ia.attstattarget, -1) >= 0 ORDER BY ia.attnum), ', '), ''),
    'comment', ${commentOf('pg_class', 'i.oid')}
  ) AS props
  FROM pg_index x
  JOIN pg_class i ON i.oid = x.indexrelid
  JOIN pg_class t ON t.oid = x.indrelid
  JOIN pg_namespace n ON n.oid = i.relnamespace
  JOIN pg_am am ON am.oid = i.relam
  LEFT JOIN pg_tablespace ts ON ts.oid = i.reltablespace
  LEFT JOIN pg_constraint k ON k.conindid = x.indexrelid AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x')
 WHERE n.nspname = ANY($1) AND t.relkind IN ('r', 'p', 'm')`;

/** User triggers (not the internal ones of foreign keys, nor partitions' clones): definition, enabled state, comment. */
export const TRIGGERS_SQL = `
SELECT n.nspname AS schema, 'trigger' AS kind, c.relname || '.' || t.tgname AS name, ${RELATION_KIND} || ':' || c.relname AS parent,
  jsonb_build_object(
    '_target', quote_ident(t.tgname), '_table', format('%I.%I', n.nspname, c.relname),
    'definition', pg_get_triggerdef(t.oid),
    'enabled', ${enabledState('t.tgenabled')},
    'comment', ${commentOf('pg_trigger', 't.oid')}
  ) AS props
  FROM pg_trigger t
  JOIN pg_class c ON c.oid = t.tgrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = ANY($1) AND NOT t.tgisinternal AND t.tgparentid = 0`;

/** Rules (not the _RETURN rule that makes a view). */
export const RULES_SQL = `
SELECT n.nspname AS schema, 'rule' AS kind, c.relname || '.' || r.rulename AS name, ${RELATION_KIND} || ':' || c.relname AS parent,
  jsonb_build_object(
    '_target', quote_ident(r.rulename), '_table', format('%I.%I', n.nspname, c.relname),
    'definition', pg_get_ruledef(r.oid),
    'enabled', ${enabledState('r.ev_enabled')},
    'comment', ${commentOf('pg_rewrite', 'r.oid')}
  ) AS props
  FROM pg_rewrite r
  JOIN pg_class c ON c.oid = r.ev_class
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = ANY($1) AND r.rulename <> '_RETURN'`;

/** Row-level security policies. */
export const POLICIES_SQL = `
SELECT n.nspname AS schema, 'policy' AS kind, c.relname || '.' || p.polname AS name, ${RELATION_KIND} || ':' || c.relname AS parent,
  jsonb_build_object(
    '_target', quote_ident(p.polname), '_table', format('%I.%I', n.nspname, c.relname),
    'command', CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
    'mode', CASE WHEN p.polpermissive THEN 'permissive' ELSE 'restrictive' END,
    'roles', array_to_string(ARRAY(SELECT CASE WHEN r = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r)) END FROM unnest(p.polroles) r ORDER BY 1), ', '),
    'using', pg_get_expr(p.polqual, p.polrelid),
    'with check', pg_get_expr(p.polwithcheck, p.polrelid),
    'comment', ${commentOf('pg_policy', 'p.oid')}
  ) AS props
  FROM pg_policy p
  JOIN pg_class c ON c.oid = p.polrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = ANY($1)`;

/** Extended statistics objects. */
export const STATISTICS_SQL = `
SELECT n.nspname AS schema, 'statistics' AS kind, s.stxname AS name, NULL::text AS parent,
  jsonb_build_object(
    '_target', format('%I.%I', n.nspname, s.stxname),
    'definition', pg_get_statisticsobjdef(s.oid),
    'statistics', CASE WHEN coalesce(s.stxstattarget, -1) >= 0 THEN s.stxstattarget::text END,
    'owner', pg_get_userbyid(s.stxowner),
    'comment', ${commentOf('pg_statistic_ext', 's.oid')}
  ) AS props
  FROM pg_statistic_ext s
  JOIN pg_namespace n ON n.oid = s.stxnamespace
 WHERE n.nspname = ANY($1)`;
