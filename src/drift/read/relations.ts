import { aclOf, collationName, extraAclOf, forFixes, notExtensionMember, optionsOf, yesNo } from './sql-parts.ts';

const STORAGE = (column: string) => `CASE ${column} WHEN 'p' THEN 'plain' WHEN 'e' THEN 'external' WHEN 'm' THEN 'main' WHEN 'x' THEN 'extended' END`;

/** A relation's kind as the drift check names it (composite types are read as types, their attributes below). */
export const RELATION_KIND = `CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' WHEN 'c' THEN 'composite type' END`;

/**
 * Tables, views, materialized views, sequences and foreign tables of the
 * schemas in $1, with every property pg_dump prints for them.
 */
export const RELATIONS_SQL = `
SELECT n.nspname AS schema, ${RELATION_KIND} AS kind, c.relname AS name, NULL::text AS parent,
  jsonb_build_object(
    '_target', ${forFixes("format('%I.%I', n.nspname, c.relname)")},
    'owner', pg_get_userbyid(c.relowner),
    'privileges', ${aclOf('c.relacl', "CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END", 'c.relowner')},
    'comment', d.description
  )
  || CASE WHEN c.relkind IN ('r', 'p', 'm', 'S') THEN jsonb_build_object('persistence', CASE c.relpersistence WHEN 'u' THEN 'unlogged' ELSE 'logged' END) ELSE '{}' END
  || CASE WHEN c.relkind IN ('r', 'p', 'm', 'v') THEN jsonb_build_object('options', ${optionsOf('c.reloptions')}) ELSE '{}' END
  || CASE WHEN c.relkind IN ('r', 'p', 'm') THEN jsonb_build_object(
       'tablespace', ts.spcname,
       'access method', am.amname,
       'toast options', (SELECT ${optionsOf('t.reloptions')} FROM pg_class t WHERE t.oid = c.reltoastrelid)) ELSE '{}' END
  || CASE WHEN c.relkind IN ('r', 'p') THEN jsonb_build_object(
       'partitioned by', CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
       'partition of', CASE WHEN c.relispartition THEN (SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = c.oid) || ' ' || pg_get_expr(c.relpartbound, c.oid) END,
       'inherits', CASE WHEN NOT c.relispartition THEN nullif(array_to_string(ARRAY(SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = c.oid ORDER BY i.inhseqno), ', '), '') END,
       'replica identity', CASE c.relreplident WHEN 'd' THEN 'default' WHEN 'n' THEN 'nothing' WHEN 'f' THEN 'full' WHEN 'i' THEN 'index' END,
       'row security', CASE WHEN c.relrowsecurity THEN 'enabled' ELSE 'disabled' END,
       'forced row security', ${yesNo('c.relforcerowsecurity')},
       'of type', CASE WHEN c.reloftype <> 0 THEN c.reloftype::regtype::text END,
       'publications', nullif(array_to_string(ARRAY(SELECT quote_ident(p.pubname) FROM pg_publication_rel r JOIN pg_publication p ON p.oid = r.prpubid WHERE r.prrelid = c.oid ORDER BY 1), ', '), '')) ELSE '{}' END
  || CASE WHEN c.relkind IN ('v', 'm') THEN jsonb_build_object('definition', pg_get_viewdef(c.oid)) ELSE '{}' END
  || CASE WHEN c.relkind = 'S' THEN (
       SELECT jsonb_build_object(
         'type', format_type(s.seqtypid, NULL), 'start', s.seqstart::text, 'increment', s.seqincrement::text,
         'minimum', s.seqmin::text, 'maximum', s.seqmax::text, 'cache', s.seqcache::text, 'cycle', ${yesNo('s.seqcycle')},
         'owned by', (SELECT CASE dep.deptype WHEN 'i' THEN 'identity of ' ELSE '' END || dep.refobjid::regclass::text || '.' || quote_ident(a.attname)
                        FROM pg_depend dep JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
                       WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')),
         '_identity', (SELECT 'yes' FROM pg_depend dep WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid AND dep.deptype = 'i'))
         FROM pg_sequence s WHERE s.seqrelid = c.oid) ELSE '{}' END
  || CASE WHEN c.relkind = 'f' THEN (
       SELECT jsonb_build_object('server', srv.srvname, 'foreign options', ${optionsOf('ft.ftoptions')})
         FROM pg_foreign_table ft JOIN pg_foreign_server srv ON srv.oid = ft.ftserver WHERE ft.ftrelid = c.oid) ELSE '{}' END
  AS props
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
  LEFT JOIN pg_tablespace ts ON ts.oid = c.reltablespace
  LEFT JOIN pg_am am ON am.oid = c.relam
 WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND ${notExtensionMember('pg_class', 'c.oid')}`;

/**
 * Columns of those relations, and attributes of composite types: type,
 * collation, NOT NULL, default, generation, identity, storage, compression,
 * statistics target, options, column privileges, comment, inheritance and
 * position (the order CREATE TABLE gives them).
 */
export const COLUMNS_SQL = `
SELECT n.nspname AS schema, CASE WHEN c.relkind = 'c' THEN 'attribute' ELSE 'column' END AS kind, c.relname || '.' || a.attname AS name,
  ${RELATION_KIND} || ':' || c.relname AS parent,
  jsonb_build_object(
    '_target', ${forFixes("format('%I.%I', n.nspname, c.relname)")}, '_column', ${forFixes('quote_ident(a.attname)')},
    '_position', (row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum))::text,
    'type', format_type(a.atttypid, a.atttypmod),
    'collation', CASE WHEN a.attcollation <> t.typcollation THEN ${collationName('a.attcollation')} END,
    'not null', ${yesNo('a.attnotnull')},
    'default', CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
    'generated', CASE WHEN a.attgenerated = 's' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
    'identity', CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' END,
    'storage', ${STORAGE('a.attstorage')},
    '_type storage', ${forFixes(STORAGE('t.typstorage'))},
    'compression', CASE a.attcompression WHEN 'p' THEN 'pglz' WHEN 'l' THEN 'lz4' END,
    'statistics', CASE WHEN coalesce(a.attstattarget, -1) >= 0 THEN a.attstattarget::text END,
    'options', ${optionsOf('a.attoptions')},
    'foreign options', ${optionsOf('a.attfdwoptions')},
    'privileges', ${extraAclOf('a.attacl')},
    'comment', d.description,
    'inherited', CASE WHEN a.attinhcount > 0 THEN CASE WHEN a.attislocal THEN 'inherited, also local' ELSE 'inherited' END END
  ) AS props
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  LEFT JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = a.attnum
 WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c') AND a.attnum > 0 AND NOT a.attisdropped
   AND ${notExtensionMember('pg_class', 'c.oid')}`;
