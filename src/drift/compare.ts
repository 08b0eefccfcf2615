import { isHidden, type DbObject, type ObjectState } from './objects.ts';

/** One difference between the expected and the live database. */
export interface Finding {
  /** `<object kind> added|dropped|changed`, or a history problem (`migration pending`, …) */
  readonly kind: string;
  /** the object within its schema: `table`, `table.column`, an index name, `function(args)` */
  readonly object: string;
  /** for `… changed`: the property that differs (`method`, `owner`, `not null`, …) */
  readonly property?: string;
  readonly expected: string | null;
  readonly live: string | null;
}

export interface CompareOptions {
  /**
   * Compare the order of a table's columns (default true). compile --verify
   * compares a chain of migrations with a fresh build, where added columns
   * legitimately come last.
   */
  readonly columnOrder?: boolean;
}

/** What a finding shows of an object that exists on one side only. */
export function summary(o: DbObject): string {
  const p = o.props;
  if (o.kind === 'column' || o.kind === 'attribute') return `${p.type}${p['not null'] === 'yes' ? ' NOT NULL' : ''}${p.default ? ` DEFAULT ${p.default}` : ''}${p.generated ? ` GENERATED ALWAYS AS (${p.generated})` : ''}`;
  if (o.kind === 'enum') return p.values ?? '';
  if (o.kind === 'index') return p._create ?? '';
  return p.definition ?? 'exists';
}

/**
 * Findings, object by object and property by property: an object on one
 * side only is one finding (what belongs to it — a table's columns, a
 * constraint's index — goes with it and is not listed again); an object on
 * both sides gives one finding per property that differs.
 */
export function compareStates(expected: ObjectState, live: ObjectState, options: CompareOptions = {}): Finding[] {
  const out: Finding[] = [];
  const within = (state: ObjectState, other: ObjectState, o: DbObject): boolean => {
    // true when an ancestor is also missing from `other`: the ancestor's finding covers it
    for (let parent = o.parent; parent !== null; ) {
      const p = state.objects.get(parent);
      if (!p) return false;
      if (!other.objects.has(parent)) return true;
      parent = p.parent;
    }
    return false;
  };
  for (const [key, e] of expected.objects) {
    const l = live.objects.get(key);
    if (!l) {
      if (!within(expected, live, e)) out.push({ kind: `${e.kind} dropped`, object: e.name, expected: summary(e), live: null });
      continue;
    }
    for (const property of propertiesOf(e, l)) {
      const a = e.props[property] ?? null;
      const b = l.props[property] ?? null;
      if (a !== b) out.push({ kind: `${e.kind} changed`, object: e.name, property, expected: a, live: b });
    }
  }
  for (const [key, l] of live.objects) if (!expected.objects.has(key) && !within(live, expected, l)) out.push({ kind: `${l.kind} added`, object: l.name, expected: null, live: summary(l) });
  if (options.columnOrder !== false) out.push(...columnOrder(expected, live));
  return out;
}

function propertiesOf(a: DbObject, b: DbObject): string[] {
  return [...new Set([...Object.keys(a.props), ...Object.keys(b.props)])].filter((p) => !isHidden(p));
}

/**
 * The order of the columns both sides have, per table: a column dropped and
 * added again (or anything else that moves one) changes what `SELECT *` and
 * COPY give, and what pg_dump prints. Compared as one property of the
 * table, so one moved column is one finding.
 */
function columnOrder(expected: ObjectState, live: ObjectState): Finding[] {
  const order = (state: ObjectState) => {
    const tables = new Map<string, { position: number; name: string; key: string }[]>();
    for (const [key, o] of state.objects)
      if (o.kind === 'column' && o.parent !== null) tables.set(o.parent, [...(tables.get(o.parent) ?? []), { position: Number(o.props._position), name: o.name.slice(o.name.lastIndexOf('.') + 1), key }]);
    return tables;
  };
  const e = order(expected);
  const l = order(live);
  const out: Finding[] = [];
  for (const [table, columns] of e) {
    const other = l.get(table);
    const t = expected.objects.get(table);
    if (!other || !t) continue;
    const both = (list: typeof columns, against: typeof columns) =>
      list
        .filter((c) => against.some((x) => x.key === c.key))
        .sort((a, b) => a.position - b.position)
        .map((c) => c.name)
        .join(', ');
    const a = both(columns, other);
    const b = both(other, columns);
    if (a !== b) out.push({ kind: `${t.kind} changed`, object: t.name, property: 'column order', expected: a, live: b });
  }
  return out;
}
