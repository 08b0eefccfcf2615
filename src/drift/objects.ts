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
 * A normalized fingerprint: equal fingerprints mean equal states, whatever
 * the catalog's physical order. Hidden properties are left out (internal
 * trigger names hold OIDs, which differ between two equal databases), but
 * for a column's position: the order of a table's columns is compared.
 */
export function fingerprint(state: ObjectState): string {
  const keys = [...state.objects.keys()].sort();
  return JSON.stringify(
    keys.map((key) => {
      const o = state.objects.get(key)!;
      const props = Object.keys(o.props)
        .filter((p) => !isHidden(p) || p === '_position')
        .sort()
        .map((p) => [p, o.props[p]]);
      return [key, o.parent, props];
    }),
  );
}
