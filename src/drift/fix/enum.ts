import { quoteLiteral } from '../../model/index.ts';
import type { DbObject } from '../objects.ts';
import { actorOf, ownProperties } from './create.ts';
import { STEP, type FixContext, type FixStatement } from './types.ts';

/** `'a', 'b'` (as the catalog query prints an enum's values) -> the labels. */
function labels(values: string | null): string[] {
  const out: string[] = [];
  const text = values ?? '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== "'" && text.slice(i, i + 2) !== "E'") {
      i++;
      continue;
    }
    const escaped = text[i] === 'E';
    i += escaped ? 2 : 1;
    let label = '';
    while (i < text.length) {
      if (text[i] === "'" && text[i + 1] === "'") {
        label += "'";
        i += 2;
      } else if (escaped && text[i] === '\\') {
        label += text[i + 1];
        i += 2;
      } else if (text[i] === "'") {
        i++;
        break;
      } else label += text[i++];
    }
    out.push(label);
  }
  return out;
}

/**
 * An enum back to its expected values. Values that are only missing are
 * added in place (ALTER TYPE … ADD VALUE … BEFORE/AFTER). Anything else —
 * an extra value, a renamed or reordered one — rebuilds the type: the old
 * one renamed aside, the expected one created (by the init role, so it
 * owns it as before), every column using it moved over (its default
 * dropped before and set again after: a default does not cast by itself),
 * the old type dropped.
 */
export function enumStatements(e: DbObject, l: DbObject, ctx: FixContext): FixStatement[] {
  const want = labels(e.props.values ?? null);
  const had = labels(l.props.values ?? null);
  const as = actorOf(ctx.expected, e, ctx.init);
  const target = e.props._target!;
  const step = STEP.type;
  if (had.every((v, i) => want.indexOf(v) >= 0 && (i === 0 || want.indexOf(v) > want.indexOf(had[i - 1]!)))) {
    // Only additions: each goes before the next value that exists, or after the last.
    const out: FixStatement[] = [];
    const present = new Set(had);
    for (const [i, v] of want.entries()) {
      if (present.has(v)) continue;
      const next = want.slice(i + 1).find((x) => present.has(x));
      const previous = want.slice(0, i).reverse().find((x) => present.has(x));
      out.push({ sql: `ALTER TYPE ${target} ADD VALUE ${quoteLiteral(v)}${next !== undefined ? ` BEFORE ${quoteLiteral(next)}` : previous !== undefined ? ` AFTER ${quoteLiteral(previous)}` : ''}`, as, step });
      present.add(v);
    }
    return out;
  }
  const aside = `${e.props._name}__flowschema_old`.slice(0, 63);
  const out: FixStatement[] = [
    { sql: `ALTER TYPE ${target} RENAME TO "${aside.replaceAll('"', '""')}"`, as, step },
    { sql: `CREATE TYPE ${target} AS ENUM (${e.props.values ?? ''})`, as, step },
  ];
  for (const column of [...ctx.live.objects.values()]) {
    if (column.kind !== 'column' || (column.props.type !== target && column.props.type !== `${target}[]`)) continue;
    const array = column.props.type.endsWith('[]');
    const expected = ctx.expected.objects.get(`column:${column.name}`);
    const alter = (what: string) => ({ sql: `ALTER TABLE ${column.props._target} ALTER COLUMN ${column.props._column} ${what}`, as, step });
    if (column.props.default) out.push(alter('DROP DEFAULT'));
    out.push(alter(`TYPE ${target}${array ? '[]' : ''} USING ${column.props._column}::text${array ? '[]' : ''}::${target}${array ? '[]' : ''}`));
    if (expected?.props.default) out.push(alter(`SET DEFAULT ${expected.props.default}`));
  }
  out.push({ sql: `DROP TYPE ${e.props._schema}."${aside.replaceAll('"', '""')}"`, as, step });
  out.push(...ownProperties(e, as));
  return out;
}
