/**
 * SQL that flowschema composed itself: quoted names, quoted literals, type
 * names, and author expressions already checked by PostgreSQL's grammar. The
 * SQL templates print a pre-rendered piece only through the `sql` helper,
 * which takes nothing but a SqlText: a plain string (a name or value straight
 * from a definition) can never be printed as SQL by mistake.
 */
export class SqlText {
  readonly #text: string;
  private constructor(text: string) {
    this.#text = text;
  }

  get text(): string {
    return this.#text;
  }

  /** Marks `text` as composed by flowschema's emitters (src/emit), never a definition's raw string. */
  static composed(text: string): SqlText {
    return new SqlText(text);
  }

  static is(value: unknown): value is SqlText {
    return typeof value === 'object' && value !== null && #text in value;
  }
}

export const composed = (text: string): SqlText => SqlText.composed(text);

/** The keywords a template may print as they are (ON DELETE actions). */
export const SQL_KEYWORDS = ['CASCADE', 'RESTRICT', 'SET NULL', 'SET DEFAULT'] as const;
