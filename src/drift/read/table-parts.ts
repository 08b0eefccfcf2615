import { RELATION_KIND } from './relations.ts';
import { commentOf, enabledState, forFixes, optionsOf, yesNo } from './sql-parts.ts';

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
    '_target', ${forFixes("CASE WHEN k.conrelid <> 0 THEN format('%I.%I', n.nspname, c.relname) ELSE format('%I.%I', n.nspname, ty.typname) END")},
    '_name', ${forFixes('quote_ident(k.conname)')},
    '_on', CASE WHEN k.conrelid <> 0 THEN 'table' ELSE 'domain' END,
    '_kind', k.contype::text,
    'definition', pg_get_constraintdef(k.oid),
    'comment', d.description,
    'inherited', CASE WHEN k.coninhcount > 0 THEN CASE WHEN k.conislocal THEN 'inherited, also local' ELSE 'inherited' END END,
    'enforcement triggers', CASE WHEN k.contype = 'f' THEN (
      SELECT string_agg(DISTINCT ${enabledState('t.tgenabled')}, ', ') FROM pg_trigger t WHERE t.tgconstraint = k.oid AND t.tgisinternal) END,
    '_disabled triggers', CASE WHEN k.contype = 'f' AND current_setting('flowschema.drift_fix', true) = 'on' THEN (
      -- as structured data ([table, trigger], each quoted by PostgreSQL): names may hold anything, spaces and newlines too
      SELECT jsonb_agg(jsonb_build_array(format('%I.%I', tn.nspname, tc.relname), quote_ident(t.tgname)) ORDER BY t.tgname)::text
        FROM pg_trigger t JOIN pg_class tc ON tc.oid = t.tgrelid JOIN pg_namespace tn ON tn.oid = tc.relnamespace
       WHERE t.tgconstraint = k.oid AND t.tgisinternal AND t.tgenabled <> 'O') END
  ) AS props
  FROM pg_constraint k
  JOIN pg_namespace n ON n.oid = k.connamespace
  LEFT JOIN pg_class c ON c.oid = k.conrelid
  LEFT JOIN pg_type ty ON ty.oid = k.contypid
  LEFT JOIN pg_description d ON d.objoid = k.oid AND d.classoid = 'pg_constraint'::regclass AND d.objsubid = 0
 WHERE n.nspname = ANY($1) AND k.contype <> 't'`;

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
    '_target', ${forFixes("format('%I.%I', n.nspname, i.relname)")}, '_name', ${forFixes('quote_ident(i.relname)')}, '_table', ${forFixes("format('%I.%I', n.nspname, t.relname)")},
    '_create', pg_get_indexdef(x.indexrelid),
    'method', am.amname,
    'unique', ${yesNo('x.indisunique')},
    'nulls not distinct', ${yesNo('x.indnullsnotdistinct')},
    'where', pg_get_expr(x.indpred, x.indrelid),
    'options', ${optionsOf('i.reloptions')},
    'tablespace', ts.spcname,
    'clustered', ${yesNo('x.indisclustered')},
    'replica identity', ${yesNo('x.indisreplident')},
    'valid', ${yesNo('x.indisvalid')},
    'statistics', st.targets,
    'comment', d.description
  ) AS props
  FROM pg_index x
  JOIN pg_class i ON i.oid = x.indexrelid
  JOIN pg_class t ON t.oid = x.indrelid
  JOIN pg_namespace n ON n.oid = i.relnamespace
  JOIN pg_am am ON am.oid = i.relam
  LEFT JOIN pg_tablespace ts ON ts.oid = i.reltablespace
  LEFT JOIN pg_constraint k ON k.conindid = x.indexrelid AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x')
  LEFT JOIN pg_description d ON d.objoid = i.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
  -- statistics targets set on expression columns (rare): one pass over pg_attribute, not a lookup per index
  LEFT JOIN (SELECT ia.attrelid, string_agg(ia.attnum || ': ' || ia.attstattarget, ', ' ORDER BY ia.attnum) AS targets
               FROM pg_attribute ia WHERE ia.attstattarget >= 0 GROUP BY ia.attrelid) st ON st.attrelid = x.indexrelid
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
