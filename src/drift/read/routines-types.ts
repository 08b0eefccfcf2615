import { aclOf, collationName, commentOf, DEFAULT_ACL_OBJECTS, notExtensionMember, yesNo } from './sql-parts.ts';

/** Functions, procedures and aggregates: PostgreSQL's own CREATE statement (an aggregate's parts), owner, privileges, comment. */
export const ROUTINES_SQL = `
SELECT n.nspname AS schema, CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END AS kind,
  p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS name, NULL::text AS parent,
  jsonb_build_object(
    '_target', format('%I.%I', n.nspname, p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')',
    'definition', CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) ELSE (
      SELECT format('(%s) SFUNC %s STYPE %s FINALFUNC %s COMBINEFUNC %s INITCOND %s SORTOP %s', pg_get_function_arguments(p.oid), a.aggtransfn::regproc, format_type(a.aggtranstype, NULL),
                    a.aggfinalfn::regproc, a.aggcombinefn::regproc, a.agginitval, a.aggsortop::regoperator)
        FROM pg_aggregate a WHERE a.aggfnoid = p.oid) END,
    'owner', pg_get_userbyid(p.proowner),
    'privileges', ${aclOf('p.proacl', "'f'", 'p.proowner')},
    'comment', ${commentOf('pg_proc', 'p.oid')}
  ) AS props
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = ANY($1) AND ${notExtensionMember('pg_proc', 'p.oid')}`;

/**
 * Types: enums (their values in order), domains, composite types (their
 * attributes are read with the columns), ranges, base and shell types; not
 * the array types and row types PostgreSQL makes along with them.
 */
export const TYPES_SQL = `
SELECT n.nspname AS schema,
  CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'c' THEN 'composite type' WHEN 'r' THEN 'range type' WHEN 'p' THEN 'shell type' ELSE 'base type' END AS kind,
  t.typname AS name, NULL::text AS parent,
  jsonb_build_object(
    '_target', format('%I.%I', n.nspname, t.typname), '_schema', quote_ident(n.nspname), '_name', t.typname::text,
    'owner', pg_get_userbyid(t.typowner),
    'privileges', ${aclOf('t.typacl', "'T'", 't.typowner')},
    'comment', ${commentOf('pg_type', 't.oid')}
  )
  || CASE t.typtype
       WHEN 'e' THEN jsonb_build_object('values', (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid))
       WHEN 'd' THEN jsonb_build_object(
         'base type', format_type(t.typbasetype, t.typtypmod),
         'not null', ${yesNo('t.typnotnull')},
         'default', pg_get_expr(t.typdefaultbin, 0),
         'collation', CASE WHEN t.typcollation <> (SELECT b.typcollation FROM pg_type b WHERE b.oid = t.typbasetype) THEN ${collationName('t.typcollation')} END)
       WHEN 'r' THEN (SELECT jsonb_build_object(
         'subtype', format_type(r.rngsubtype, NULL),
         'collation', CASE WHEN r.rngcollation <> 0 THEN ${collationName('r.rngcollation')} END,
         'operator class', (SELECT quote_ident(ocn.nspname) || '.' || quote_ident(opc.opcname) FROM pg_opclass opc JOIN pg_namespace ocn ON ocn.oid = opc.opcnamespace WHERE opc.oid = r.rngsubopc),
         'canonical', nullif(r.rngcanonical::regproc::text, '-'),
         'subtype diff', nullif(r.rngsubdiff::regproc::text, '-'),
         'multirange', r.rngmultitypid::regtype::text) FROM pg_range r WHERE r.rngtypid = t.oid)
       WHEN 'b' THEN jsonb_build_object('input', t.typinput::regproc::text, 'output', t.typoutput::regproc::text, 'length', t.typlen::text)
       ELSE '{}' END AS props
  FROM pg_type t
  JOIN pg_namespace n ON n.oid = t.typnamespace
  LEFT JOIN pg_class c ON c.oid = t.typrelid
 WHERE n.nspname = ANY($1) AND t.typtype <> 'm' AND (t.typrelid = 0 OR c.relkind = 'c')
   AND NOT EXISTS (SELECT FROM pg_type e WHERE e.typarray = t.oid)
   AND ${notExtensionMember('pg_type', 't.oid')}`;

/** Objects flowschema never makes, read for what they are and who owns them: any of them in a checked schema is drift. */
export const OTHER_OBJECTS_SQL = [
  ['collation', 'pg_collation', 'co', 'co.collname', 'co.collowner', 'co.collnamespace', `'provider', co.collprovider::text, 'locale', coalesce(co.collcollate, co.colliculocale)`, `format('COLLATION %I.%I', n.nspname, co.collname)`],
  ['conversion', 'pg_conversion', 'cv', 'cv.conname', 'cv.conowner', 'cv.connamespace', `'from', pg_encoding_to_char(cv.conforencoding), 'to', pg_encoding_to_char(cv.contoencoding)`, `format('CONVERSION %I.%I', n.nspname, cv.conname)`],
  ['operator', 'pg_operator', 'o', `o.oprname || '(' || coalesce(format_type(o.oprleft, NULL), 'NONE') || ', ' || coalesce(format_type(o.oprright, NULL), 'NONE') || ')'`, 'o.oprowner', 'o.oprnamespace', `'function', o.oprcode::regproc::text`, `'OPERATOR ' || o.oid::regoperator::text`],
  ['operator class', 'pg_opclass', 'oc', `oc.opcname || ' using ' || (SELECT amname FROM pg_am WHERE oid = oc.opcmethod)`, 'oc.opcowner', 'oc.opcnamespace', `'type', format_type(oc.opcintype, NULL)`, `format('OPERATOR CLASS %I.%I USING %I', n.nspname, oc.opcname, (SELECT amname FROM pg_am WHERE oid = oc.opcmethod))`],
  ['operator family', 'pg_opfamily', 'ofa', `ofa.opfname || ' using ' || (SELECT amname FROM pg_am WHERE oid = ofa.opfmethod)`, 'ofa.opfowner', 'ofa.opfnamespace', `'method', (SELECT amname FROM pg_am WHERE oid = ofa.opfmethod)`, `format('OPERATOR FAMILY %I.%I USING %I', n.nspname, ofa.opfname, (SELECT amname FROM pg_am WHERE oid = ofa.opfmethod))`],
  ['text search configuration', 'pg_ts_config', 'tc', 'tc.cfgname', 'tc.cfgowner', 'tc.cfgnamespace', `'parser', (SELECT prsname FROM pg_ts_parser WHERE oid = tc.cfgparser)`, `format('TEXT SEARCH CONFIGURATION %I.%I', n.nspname, tc.cfgname)`],
  ['text search dictionary', 'pg_ts_dict', 'td', 'td.dictname', 'td.dictowner', 'td.dictnamespace', `'options', td.dictinitoption`, `format('TEXT SEARCH DICTIONARY %I.%I', n.nspname, td.dictname)`],
  ['text search parser', 'pg_ts_parser', 'tp', 'tp.prsname', 'NULL::oid', 'tp.prsnamespace', `'start', tp.prsstart::regproc::text`, `format('TEXT SEARCH PARSER %I.%I', n.nspname, tp.prsname)`],
  ['text search template', 'pg_ts_template', 'tt', 'tt.tmplname', 'NULL::oid', 'tt.tmplnamespace', `'lexize', tt.tmpllexize::regproc::text`, `format('TEXT SEARCH TEMPLATE %I.%I', n.nspname, tt.tmplname)`],
]
  .map(
    ([kind, catalog, alias, name, owner, namespace, props, target]) => `
SELECT n.nspname AS schema, '${kind}' AS kind, ${name} AS name, NULL::text AS parent,
  jsonb_build_object('_target', ${target}, 'owner', pg_get_userbyid(${owner}), 'comment', ${commentOf(catalog!, `${alias}.oid`)}, ${props}) AS props
  FROM ${catalog} ${alias} JOIN pg_namespace n ON n.oid = ${namespace}
 WHERE n.nspname = ANY($1) AND ${notExtensionMember(catalog!, `${alias}.oid`)}`,
  )
  .join('\nUNION ALL');

/**
 * The schema itself (owner, privileges, comment, publications of all its
 * tables), default privileges set for it, and the extensions installed in it.
 */
export const SCHEMA_SQL = `
SELECT n.nspname AS schema, 'schema' AS kind, n.nspname AS name, NULL::text AS parent,
  jsonb_build_object(
    '_target', quote_ident(n.nspname),
    'owner', pg_get_userbyid(n.nspowner),
    'privileges', ${aclOf('n.nspacl', "'n'", 'n.nspowner')},
    'comment', ${commentOf('pg_namespace', 'n.oid')},
    'publications', nullif(array_to_string(ARRAY(SELECT quote_ident(p.pubname) FROM pg_publication_namespace pn JOIN pg_publication p ON p.oid = pn.pnpubid WHERE pn.pnnspid = n.oid ORDER BY 1), ', '), '')
  ) AS props
  FROM pg_namespace n
 WHERE n.nspname = ANY($1)
UNION ALL
SELECT n.nspname, 'default privileges', pg_get_userbyid(da.defaclrole) || ' on ' || ${DEFAULT_ACL_OBJECTS}, NULL,
  jsonb_build_object('_role', quote_ident(pg_get_userbyid(da.defaclrole)), '_objects', ${DEFAULT_ACL_OBJECTS}, '_schema', quote_ident(n.nspname),
                     'privileges', nullif(array_to_string(ARRAY(SELECT x::text FROM unnest(da.defaclacl) x ORDER BY 1), ', '), ''))
  FROM pg_default_acl da JOIN pg_namespace n ON n.oid = da.defaclnamespace
 WHERE n.nspname = ANY($1)
UNION ALL
SELECT n.nspname, 'extension', x.extname, NULL,
  jsonb_build_object('_target', quote_ident(x.extname), '_schema', quote_ident(n.nspname), 'version', x.extversion, 'owner', pg_get_userbyid(x.extowner), 'comment', ${commentOf('pg_extension', 'x.oid')})
  FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
 WHERE n.nspname = ANY($1)`;
