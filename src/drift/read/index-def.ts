/**
 * The key and INCLUDE columns of an index, taken from PostgreSQL's own
 * `pg_get_indexdef()` text: one deparse per index instead of one per column
 * (at 500 flow schemas the per-column calls were most of the index query).
 * The text is PostgreSQL's canonical output, `… USING <method> (<key>)
 * [INCLUDE (<columns>)] …`, where identifiers are double-quoted and
 * literals single-quoted; parentheses inside either do not count.
 */
export function indexParts(definition: string, method: string): { key: string | null; include: string | null } {
  const using = ` USING ${method} (`;
  const at = definition.indexOf(using);
  if (at < 0) return { key: null, include: null };
  const keyStart = at + using.length;
  const keyEnd = closingParen(definition, keyStart);
  const key = definition.slice(keyStart, keyEnd);
  const includeMark = ' INCLUDE (';
  if (!definition.startsWith(includeMark, keyEnd + 1)) return { key, include: null };
  const includeStart = keyEnd + 1 + includeMark.length;
  return { key, include: definition.slice(includeStart, closingParen(definition, includeStart)) };
}

/** The index of the `)` that closes the parenthesis opened just before `from`. */
function closingParen(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      // a quoted identifier or literal: its quote doubled inside, never a parenthesis
      for (i++; i < text.length; i++) {
        if (text[i] === ch) {
          if (text[i + 1] === ch) i++;
          else break;
        }
      }
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return text.length;
}
