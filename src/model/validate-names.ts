import type { SourcePos } from './diagnostic.ts';
import { identifierBytes, MAX_IDENTIFIER_BYTES, RESERVED_SCHEMAS, STANDARD_TABLES, SYSTEM_SCHEMA_PREFIX } from './names.ts';
import type { Reader } from './read.ts';
import type { DraftTable } from './tables.ts';
import type { SchemaModel } from './types.ts';

/**
 * FS1201-FS1203: one identifier PostgreSQL will see. `relation`: an index or
 * constraint name, which may not take the prefix of the indexes and checks
 * an online migration makes for a moment (plan/online.ts).
 */
export function checkIdentifier(r: Reader, name: string, pos: SourcePos, kind: string, context?: string, relation = false): boolean {
  const what = kind;
  const of = context === undefined ? '' : ` in ${context}`;
  if (name === '' || name.includes('\0')) {
    r.error('FS1202', pos, `${what} '${name.replace(/\0/g, '\\0')}'${of} is not a valid PostgreSQL identifier (empty or containing NUL)`, 'give it a non-empty name without NUL characters');
    return false;
  }
  const bytes = identifierBytes(name);
  if (bytes > MAX_IDENTIFIER_BYTES) {
    r.error('FS1201', pos, `${what} '${name}'${of} is ${bytes} bytes long; PostgreSQL would silently truncate it to ${MAX_IDENTIFIER_BYTES}`, 'shorten the key, or give a shorter name with `name:`');
    return false;
  }
  if (name.toLowerCase().startsWith('pg_')) {
    r.error('FS1203', pos, `${what} '${name}'${of} starts with 'pg_', which PostgreSQL reserves for system objects`, 'choose a name without the pg_ prefix');
    return false;
  }
  if (relation && name.toLowerCase().startsWith('flowschema_')) {
    r.error('FS1203', pos, `${what} '${name}'${of} starts with 'flowschema_', which flowschema reserves for the indexes and checks an online migration makes for a moment`, 'choose a name without the flowschema_ prefix');
    return false;
  }
  return true;
}

/** FS1204: the flow schema name. */
export function checkSchemaName(r: Reader, schema: string, pos: SourcePos): void {
  if (!checkIdentifier(r, schema, pos, 'schema name')) return;
  if (RESERVED_SCHEMAS.includes(schema) || schema.startsWith(SYSTEM_SCHEMA_PREFIX))
    r.error('FS1204', pos, `flow key gives schema '${schema}', which is reserved (public, information_schema and sys_* belong to PostgreSQL and the runtime)`, 'choose another flow key');
}

/** FS1205/FS1206: flow tables have distinct SQL names and do not take the standard tables' names; returns the tables that pass. */
export function checkStandardNames(r: Reader, drafts: readonly DraftTable[]): DraftTable[] {
  const kept: DraftTable[] = [];
  const byName = new Map<string, DraftTable>();
  for (const d of drafts) {
    const earlier = byName.get(d.name);
    if (earlier) {
      r.error('FS1205', d.namePos, `tables '${earlier.key}' and '${d.key}' both become '${d.name}' in SQL`, 'keys that differ only in case or underscores give the same SQL name: rename one, or set `name:`');
      continue;
    }
    byName.set(d.name, d);
    if (!(STANDARD_TABLES as readonly string[]).includes(d.name)) {
      kept.push(d);
      continue;
    }
    r.error('FS1206', d.namePos, `flow table '${d.key}' would be named '${d.name}', a standard table every flow schema already has`, `rename it; ${STANDARD_TABLES.join(', ')} are reserved`);
  }
  return kept;
}

/**
 * FS1201-FS1203 on every name of the schema, and FS1205 on names that
 * collide: columns of a table, relations of the schema (tables, indexes and
 * the indexes behind primary keys and unique constraints share one namespace),
 * types (enum types share theirs with tables), constraints of a table.
 */
export function checkSchemaNames(r: Reader, model: SchemaModel): void {
  const relations = new Map<string, string>();
  const types = new Map<string, string>();
  const claim = (space: Map<string, string>, name: string, owner: string, pos: SourcePos | undefined, hint: string) => {
    const previous = space.get(name);
    if (previous !== undefined) {
      if (pos) r.error('FS1205', pos, `the name '${name}' of ${owner} is already taken by ${previous}`, hint);
      return;
    }
    space.set(name, owner);
  };
  for (const table of model.tables) {
    const tpos = table.pos;
    if (tpos && !checkIdentifier(r, table.name, tpos, 'table name')) continue;
    // Table names are checked against each other by key in flow.ts; here they claim their namespaces.
    relations.set(table.name, `table '${table.name}'`);
    types.set(table.name, `table '${table.name}'`);
    for (const c of table.columns) {
      const pos = c.pos ?? tpos;
      if (pos) checkIdentifier(r, c.name, pos, 'column name', `table '${table.name}'`);
    }
    const constraints = new Map<string, string>();
    const keyed = [...(table.primaryKey ? [table.primaryKey] : []), ...table.uniques];
    for (const k of keyed) {
      const pos = k.pos ?? tpos;
      if (pos && !checkIdentifier(r, k.name, pos, 'constraint name', undefined, true)) continue;
      claim(constraints, k.name, `a key constraint of table '${table.name}'`, pos, 'rename the table or its columns');
      claim(relations, k.name, `the index of constraint '${k.name}'`, pos, 'rename the table or its columns');
    }
    for (const ch of table.checks) {
      const pos = ch.pos ?? tpos;
      if (pos && !checkIdentifier(r, ch.name, pos, 'check constraint name', undefined, true)) continue;
      claim(constraints, ch.name, `a check constraint of table '${table.name}'`, pos, 'rename the check');
    }
    for (const fk of table.foreignKeys) {
      const pos = fk.pos ?? tpos;
      if (pos && !checkIdentifier(r, fk.name, pos, 'foreign key name', undefined, true)) continue;
      claim(constraints, fk.name, `a foreign key of table '${table.name}'`, pos, 'rename the table or its columns');
    }
    for (const i of table.indexes) {
      const pos = i.pos ?? tpos;
      if (pos && !checkIdentifier(r, i.name, pos, 'index name', undefined, true)) continue;
      claim(relations, i.name, `index '${i.name}'`, pos, 'give the index another name with `name:`');
    }
  }
  for (const e of model.enums) {
    if (e.pos && !checkIdentifier(r, e.name, e.pos, 'enum type name')) continue;
    claim(types, e.name, `enum type '${e.name}'`, e.pos, 'give the enum another type name with `enumName:`');
  }
}
