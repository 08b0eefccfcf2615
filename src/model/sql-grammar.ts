/**
 * PostgreSQL's own grammar (libpg-query: the server's parser compiled to
 * WebAssembly, no server needed) for every piece of SQL that flowschema does
 * not write itself. A fragment from a definition is never checked with
 * regexes: it is placed in the statement it will end up in and accepted only
 * if PostgreSQL reads that statement as exactly the statement it would be with
 * a plain NULL in the fragment's place (see checkSqlExpression).
 *
 * The grammar loads asynchronously (~0.1 s) and is then used synchronously by
 * the pure compiler stages: callers `await loadSqlGrammar()` first.
 */
type LibPgQuery = typeof import('libpg-query');

let grammar: LibPgQuery | undefined;
let loading: Promise<void> | undefined;

export function loadSqlGrammar(): Promise<void> {
  loading ??= import('libpg-query').then(async (module) => {
    await module.loadModule();
    grammar = module;
  });
  return loading;
}

export function sqlGrammarLoaded(): boolean {
  return grammar !== undefined;
}

function lib(): LibPgQuery {
  if (!grammar) throw new Error('flowschema: the SQL grammar is not loaded: await loadSqlGrammar() before compiling');
  return grammar;
}

/** One statement as PostgreSQL's parser reads it. */
export interface ParsedStatement {
  /** the parse node's type: CreateStmt, AlterTableStmt, InsertStmt… */
  readonly kind: string;
  readonly node: unknown;
}

export type ParseOutcome =
  | { readonly ok: true; readonly statements: readonly ParsedStatement[] }
  /** `offset`: where PostgreSQL stopped, as an index into the text (UTF-16 units) */
  | { readonly ok: false; readonly message: string; readonly offset: number | undefined };

export function parseSql(text: string): ParseOutcome {
  const grammar = lib(); // not loaded: a programmer's error, never a parse error
  let result: { stmts?: { stmt?: Record<string, unknown> }[] };
  try {
    result = grammar.parseSync(text) as typeof result;
  } catch (error) {
    const e = error as { message?: string; sqlDetails?: { message?: string; cursorPosition?: number } };
    const cursor = e.sqlDetails?.cursorPosition;
    return { ok: false, message: e.sqlDetails?.message ?? e.message ?? String(error), offset: cursor === undefined || cursor < 0 ? undefined : codePointsToIndex(text, cursor) };
  }
  const statements = (result.stmts ?? []).map((s) => {
    const [kind, node] = Object.entries(s.stmt ?? {})[0] ?? ['(empty)', undefined];
    return { kind, node };
  });
  return { ok: true, statements };
}

/** PostgreSQL's lexer over `text`: its tokens, byte offsets into the UTF-8 text (throws when it does not lex). */
export function scanSql(text: string): { start: number; end: number; tokenName: string }[] {
  return lib().scanSync(text).tokens;
}

/**
 * The functions an expression calls (their unqualified names, lower case),
 * read from PostgreSQL's parse tree: an expression flowschema already checked
 * (checkSqlExpression), so it stands alone in a SELECT list. Empty when it
 * does not parse there.
 */
export function functionsCalled(expression: string): string[] {
  const parsed = parseSql(`SELECT (${expression})`);
  if (!parsed.ok) return [];
  const names: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const call = (node as { FuncCall?: { funcname?: { String?: { sval?: string } }[] } }).FuncCall;
    const name = call?.funcname?.at(-1)?.String?.sval;
    if (name !== undefined) names.push(name.toLowerCase());
    Object.values(node).forEach(walk);
  };
  walk(parsed.statements[0]?.node);
  return names;
}

/** The node types of the statements of `text`, in order (throws on a syntax error: for text flowschema rendered itself). */
export function statementKinds(text: string): string[] {
  const parsed = parseSql(text);
  if (!parsed.ok) throw new Error(`flowschema: generated SQL does not parse: ${parsed.message}`);
  return parsed.statements.map((s) => s.kind);
}

/** Where an expression from a definition ends up, and so which grammar it must satisfy. */
export type ExpressionContext = 'default' | 'check' | 'using' | 'value' | 'generated' | 'index-where';

/**
 * The statement each context's expression is placed in, around a marker.
 * A default is a column definition's `DEFAULT b_expr` (the narrowest place a
 * default is written: every table is created before it is altered); a check
 * is a table constraint; `using:` ends an ALTER COLUMN … TYPE; a seed value
 * is one item of a VALUES row.
 */
const CONTEXTS: Record<ExpressionContext, readonly [string, string]> = {
  default: ['CREATE TABLE "s"."t" ("c" text DEFAULT ', ' NOT NULL)'],
  check: ['ALTER TABLE "s"."t" ADD CONSTRAINT "c" CHECK (', ')'],
  using: ['ALTER TABLE "s"."t" ALTER COLUMN "c" TYPE text USING ', ''],
  value: ['INSERT INTO "s"."t" ("c") VALUES (', ')'],
  // flowschema writes these two itself (a data field's generated column, an index's predicate); they are
  // checked too when they come from somewhere that could have been edited (the compile cache).
  generated: ['CREATE TABLE "s"."t" ("c" text GENERATED ALWAYS AS (', ') STORED)'],
  'index-where': ['CREATE INDEX "i" ON "s"."t" ("c") WHERE ', ''],
};

/**
 * Checks that `fragment` is exactly one SQL expression in `context`: the
 * statement with the fragment must parse as one statement, and be the same
 * parse tree as the statement with NULL in its place except for that one
 * expression node. So a fragment can end nothing, add no clause, constraint,
 * column, command or statement, and hide nothing in a comment, whatever
 * quoting tricks it plays: PostgreSQL's own lexer and grammar decide.
 * Returns what is wrong, or undefined.
 */
export function checkSqlExpression(fragment: string, context: ExpressionContext): string | undefined {
  // The same expressions recur across a project's flows (now(), gen_random_uuid(), is_latest): each is parsed once.
  const key = `${context}\0${fragment}`;
  if (checked.has(key)) return checked.get(key);
  const problem = expressionProblem(fragment, context);
  checked.set(key, problem);
  return problem;
}

const checked = new Map<string, string | undefined>();

/** The statement of each context with NULL in the expression's place: its tree, without locations, and the path to the NULL. */
const references = new Map<ExpressionContext, { kind: string; tree: string; path: Path; node: unknown }>();

function referenceOf(context: ExpressionContext): { kind: string; tree: string; path: Path; node: unknown } {
  let ref = references.get(context);
  if (ref) return ref;
  const [prefix, suffix] = CONTEXTS[context];
  const reference = parseSql(`${prefix}NULL${suffix}`);
  if (!reference.ok || reference.statements.length !== 1) throw new Error(`flowschema: the ${context} expression context does not parse`);
  const marker = Buffer.byteLength(prefix);
  const statement = reference.statements[0]!;
  const path = pathTo(statement.node, (n) => isNullConst(n) && n.A_Const.location === marker);
  if (!path) throw new Error(`flowschema: no expression marker in the ${context} expression context`);
  ref = { kind: statement.kind, tree: JSON.stringify(withoutLocations(statement.node)), path, node: withoutLocations(nodeAt(statement.node, path)) };
  references.set(context, ref);
  return ref;
}

function expressionProblem(fragment: string, context: ExpressionContext): string | undefined {
  if (fragment.trim() === '') return 'it is empty';
  if (fragment.includes('\0')) return 'it contains a NUL character';
  const [prefix, suffix] = CONTEXTS[context];
  const withFragment = parseSql(`${prefix}${fragment}${suffix}`);
  if (!withFragment.ok) {
    const at = withFragment.offset === undefined ? '' : describeOffset(fragment, withFragment.offset - prefix.length);
    return `PostgreSQL's parser rejects it: ${withFragment.message}${at}`;
  }
  if (withFragment.statements.length !== 1) return `PostgreSQL reads ${withFragment.statements.length} statements where one expression belongs`;
  // A comment starts with -- or /*: without either there is none to look for.
  const comment = fragment.includes('--') || fragment.includes('/*') ? commentIn(fragment) : undefined;
  if (comment !== undefined) return `it contains a comment (${JSON.stringify(comment)}): remove it, comments can hide the rest of a statement`;
  const reference = referenceOf(context);
  const actual = withoutLocations(replaceAt(withFragment.statements[0]!.node, reference.path, reference.node));
  if (withFragment.statements[0]!.kind !== reference.kind || JSON.stringify(actual) !== reference.tree)
    return 'PostgreSQL reads more than one expression from it (it changes the statement around it)';
  return undefined;
}

/** The first comment PostgreSQL's lexer finds in `text`, if any. */
function commentIn(text: string): string | undefined {
  const grammar = lib();
  let tokens: { start: number; end: number; tokenName: string }[];
  try {
    tokens = grammar.scanSync(text).tokens;
  } catch {
    return undefined; // unterminated: the parse above has already said so
  }
  const bytes = Buffer.from(text);
  const found = tokens.find((t) => t.tokenName.includes('COMMENT'));
  return found && bytes.subarray(found.start, found.end).toString();
}

function describeOffset(fragment: string, offset: number): string {
  if (offset < 0 || offset > fragment.length) return '';
  return offset === fragment.length ? ' (at the end of the expression)' : ` (at character ${offset + 1} of the expression)`;
}

type Path = readonly (string | number)[];

function isNullConst(node: unknown): node is { A_Const: { isnull: true; location: number } } {
  const c = (node as { A_Const?: { isnull?: boolean } } | null)?.A_Const;
  return typeof c === 'object' && c !== null && c.isnull === true;
}

function pathTo(node: unknown, match: (n: unknown) => boolean, path: Path = []): Path | undefined {
  if (match(node)) return path;
  if (typeof node !== 'object' || node === null) return undefined;
  for (const [key, child] of Array.isArray(node) ? node.entries() : Object.entries(node)) {
    const found = pathTo(child, match, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

function nodeAt(node: unknown, path: Path): unknown {
  return path.reduce<unknown>((n, key) => (n as Record<string | number, unknown> | undefined)?.[key], node);
}

function replaceAt(node: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [key, ...rest] = path;
  if (typeof node !== 'object' || node === null) return node;
  if (Array.isArray(node)) return node.map((child, i) => (i === key ? replaceAt(child, rest, value) : child));
  const copy: Record<string, unknown> = { ...(node as Record<string, unknown>) };
  copy[String(key)] = replaceAt(copy[String(key)], rest, value);
  return copy;
}

/** The tree without source positions, which differ between the two parses by construction. */
function withoutLocations(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutLocations);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(Object.entries(node).filter(([k]) => k !== 'location' && k !== 'stmt_len' && k !== 'stmt_location').map(([k, v]) => [k, withoutLocations(v)]));
}

/** PostgreSQL counts error positions in characters (code points); JavaScript indexes UTF-16 units. */
function codePointsToIndex(text: string, codePoints: number): number {
  let index = 0;
  for (let i = 0; i < codePoints && index < text.length; i++) index += text.codePointAt(index)! > 0xffff ? 2 : 1;
  return index;
}

/**
 * The statement of `sql` that holds `index` (a UTF-16 index), found with
 * PostgreSQL's own lexer, so a `;` inside a string, a dollar quote or a
 * comment never splits one; leading comments are left out. Undefined when
 * the text does not lex (then the caller says less).
 */
export function statementAt(sql: string, index: number): string | undefined {
  const grammar = lib();
  let tokens: { start: number; end: number; tokenName: string }[];
  try {
    tokens = grammar.scanSync(sql).tokens;
  } catch {
    return undefined;
  }
  const bytes = Buffer.from(sql);
  const at = Buffer.byteLength(sql.slice(0, Math.max(0, index)));
  const ends = tokens.filter((t) => t.tokenName === 'ASCII_59');
  const previous = ends.filter((t) => t.end <= at).at(-1);
  const next = ends.find((t) => t.start >= at);
  const first = tokens.find((t) => t.start >= (previous?.end ?? 0) && !t.tokenName.includes('COMMENT'));
  if (!first) return undefined;
  return bytes.subarray(first.start, next?.start ?? bytes.length).toString().trim();
}

/**
 * The statements of `sql` (split with PostgreSQL's lexer, leading comments
 * left out) that contain `text`: how a failure PostgreSQL gives no position
 * for (a constraint that cannot be created over existing rows) finds its
 * statement, by the constraint's name.
 */
export function statementsContaining(sql: string, text: string): string[] {
  const grammar = lib();
  let tokens: { start: number; end: number; tokenName: string }[];
  try {
    tokens = grammar.scanSync(sql).tokens;
  } catch {
    return [];
  }
  const bytes = Buffer.from(sql);
  const out: string[] = [];
  let first: number | undefined;
  for (const t of tokens) {
    if (t.tokenName.includes('COMMENT')) continue;
    if (t.tokenName === 'ASCII_59') {
      if (first !== undefined) out.push(bytes.subarray(first, t.start).toString().trim());
      first = undefined;
    } else first ??= t.start;
  }
  if (first !== undefined) out.push(bytes.subarray(first).toString().trim());
  return out.filter((statement) => statement.includes(text));
}

/** PostgreSQL's error positions are 1-based and count characters (code points): the UTF-16 index they point at. */
export function errorPositionIndex(text: string, position: number): number {
  return codePointsToIndex(text, position - 1);
}
