/**
 * SQL fragments the catalog queries share. Everything is read with
 * search_path = pg_catalog (see readSchemaStates), so regclass, regproc and
 * format_type() print every name outside pg_catalog schema-qualified.
 */

/** An ACL as its sorted aclitems (`kind`: acldefault's object type, as SQL); NULL (the owner's defaults) as PostgreSQL's acldefault(), as pg_dump compares it. */
export const aclOf = (column: string, kind: string, owner: string): string =>
  `nullif(array_to_string(ARRAY(SELECT x::text FROM unnest(coalesce(${column}, acldefault((${kind})::"char", ${owner}))) x ORDER BY 1), ', '), '')`;

/** An ACL without a default (column privileges): NULL when there is none. */
export const extraAclOf = (column: string): string => `nullif(array_to_string(ARRAY(SELECT x::text FROM unnest(${column}) x ORDER BY 1), ', '), '')`;

/** A text[] of options (reloptions, attoptions, …), sorted, NULL when empty. */
export const optionsOf = (column: string): string => `nullif(array_to_string(ARRAY(SELECT o FROM unnest(${column}) o ORDER BY 1), ', '), '')`;

/** The object's comment (an index lookup per row). */
export const commentOf = (catalog: string, oid: string, sub = '0'): string =>
  `(SELECT d.description FROM pg_description d WHERE d.objoid = ${oid} AND d.classoid = '${catalog}'::regclass AND d.objsubid = ${sub})`;

/** Objects an extension made are the extension's: pg_dump prints CREATE EXTENSION, not them. */
export const notExtensionMember = (catalog: string, oid: string): string =>
  `NOT EXISTS (SELECT FROM pg_depend e WHERE e.classid = '${catalog}'::regclass AND e.objid = ${oid} AND e.deptype = 'e')`;

export const yesNo = (condition: string): string => `CASE WHEN ${condition} THEN 'yes' ELSE 'no' END`;

export const enabledState = (column: string): string =>
  `CASE ${column} WHEN 'O' THEN 'enabled' WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'enabled on replicas only' WHEN 'A' THEN 'always enabled' END`;

/** A collation's name as SQL (schema-qualified outside pg_catalog). */
export const collationName = (oid: string): string => `(${oid})::regcollation::text`;

/** What a pg_default_acl row (alias da) is for, as ALTER DEFAULT PRIVILEGES names it. */
export const DEFAULT_ACL_OBJECTS = `CASE da.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions' WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas' END`;

/**
 * A value only the fix planner needs (a quoted name, internal trigger
 * names): computed when the objects are read to be compared and fixed
 * (readSchemaStates sets flowschema.drift_fix), skipped when they are only
 * fingerprinted, where it would be left out anyway.
 */
export const forFixes = (expression: string): string => `CASE WHEN current_setting('flowschema.drift_fix', true) = 'on' THEN ${expression} END`;
