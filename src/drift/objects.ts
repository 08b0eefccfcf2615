import { createHash } from 'node:crypto';

/**
 * A database as the drift check compares it: a flat map of objects, each
 * with the properties pg_dump would print for it, as plain strings.
 *
 * Every query of src/drift/read/ returns rows of one shape (schema, kind,
 * name, parent, props), so comparing, fingerprinting and fixing are the same
 * code for every kind of object. Property names are what a finding shows
 * (`index s.i: method btree → hash`); a property whose name starts with `_`
 * is the fix planner's (a qualified SQL name, PostgreSQL's own CREATE
 * statement, internal trigger names): never compared, shown or fingerprinted.
 */
export interface DbObject {
  /** `table`, `column`, `index`, `function`, `enum`, `role`, … */
  readonly kind: string;
  /** within its schema: `documents`, `documents.kind`, `touch(integer)`; a role's or extension's own name */
  readonly name: string;
  /** the key of the object it belongs to (a column's table), whose drop or creation takes it along */
  readonly parent: string | null;
  readonly props: Readonly<Record<string, string | null>>;
}

/** One schema (or the database, or the server's roles) as objects by key. */
export interface ObjectState {
  readonly objects: ReadonlyMap<string, DbObject>;
}

/** The object's key in an ObjectState: `kind:name`. */
export const keyOf = (o: { kind: string; name: string }): string => `${o.kind}:${o.name}`;

export const isHidden = (prop: string): boolean => prop.startsWith('_');

/** A row as every catalog query of src/drift/read/ returns it. */
export interface ObjectRow {
  readonly schema: string;
  readonly kind: string;
  readonly name: string;
  readonly parent: string | null;
  readonly props: Record<string, string | null>;
}

/** Rows into states by schema; every schema asked for is in the result, empty when it has nothing. */
export function statesOf(schemas: readonly string[], rows: readonly ObjectRow[]): Map<string, ObjectState> {
  const maps = new Map(schemas.map((s) => [s, new Map<string, DbObject>()]));
  for (const row of rows) {
    const map = maps.get(row.schema);
    if (!map) continue;
    const object: DbObject = { kind: row.kind, name: row.name, parent: row.parent, props: row.props };
    map.set(keyOf(object), object);
  }
  return new Map([...maps].map(([schema, objects]) => [schema, { objects }]));
}

/**
 * A normalized fingerprint (a SHA-256): equal fingerprints mean equal
 * states, whatever the catalog's physical order. Hidden properties are left
 * out (internal trigger names hold OIDs, which differ between two equal
 * databases), but for a column's position: the order of a table's columns
 * is compared. With `schema`, its name is taken out of every key and value,
 * so that two schemas built by the same migrations fingerprint alike.
 */
export function fingerprint(state: ObjectState, schema?: string): string {
  const strip = schema === undefined ? (text: string) => text : (text: string) => (text.includes(schema) ? text.split(schema).join('\u0000') : text);
  const parts: string[] = [];
  for (const key of [...state.objects.keys()].sort()) {
    const o = state.objects.get(key)!;
    parts.push(`\u0002${strip(key)}\u0001${o.parent === null ? '\u0003' : strip(o.parent)}`);
    for (const p of Object.keys(o.props).sort()) {
      if (isHidden(p) && p !== '_position') continue;
      const value = o.props[p];
      parts.push(`\u0001${p}\u0001${value === null || value === undefined ? '\u0003' : strip(value)}`);
    }
  }
  return createHash('sha256').update(parts.join('')).digest('hex');
}
