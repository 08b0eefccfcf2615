/**
 * Checks that author-written SQL (check expressions, sql() defaults) is one
 * expression: balanced parentheses, no statement separator, no comment, no
 * unterminated quote. The SQL itself is the author's to write; this only makes
 * sure it cannot end the statement it is placed in and start another.
 * Returns a description of the problem, or undefined when the fragment is fine.
 */
export function checkSqlFragment(text: string): string | undefined {
  if (text.trim() === '') return 'it is empty';
  if (text.includes('\0')) return 'it contains a NUL character';
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === "'" || c === '"') {
      const end = closingQuote(text, i, c);
      if (end < 0) return `it has an unterminated ${c === "'" ? 'string literal' : 'quoted identifier'}`;
      i = end + 1;
      continue;
    }
    if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i));
      if (tag && !/[A-Za-z0-9_]/.test(text[i - 1] ?? '')) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        if (end < 0) return 'it has an unterminated dollar-quoted string';
        i = end + tag[0].length;
        continue;
      }
    }
    if (c === '-' && next === '-') return 'it contains a -- comment';
    if (c === '/' && next === '*') return 'it contains a /* comment */';
    if (c === ';') return 'it contains a semicolon';
    if (c === '(') depth++;
    if (c === ')' && --depth < 0) return 'it closes a parenthesis it did not open';
    i++;
  }
  if (depth !== 0) return 'its parentheses are not balanced';
  return undefined;
}

function closingQuote(text: string, start: number, quote: string): number {
  // E'...' strings allow backslash escapes; a preceding E/e marks them.
  const escapes = quote === "'" && /[Ee]/.test(text[start - 1] ?? '') && !/[A-Za-z0-9_]/.test(text[start - 2] ?? '');
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (escapes && c === '\\') { i += 2; continue; }
    if (c === quote) {
      if (text[i + 1] === quote) { i += 2; continue; }
      return i;
    }
    i++;
  }
  return -1;
}
