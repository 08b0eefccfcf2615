import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { qualified, quoteIdent, quoteLiteral } from '../model/index.ts';
import { SQL_KEYWORDS, SqlText } from './sql-text.ts';

/**
 * The SQL templates (templates/sql/*.hbs), compiled once per process on an
 * isolated Handlebars instance. Templates only arrange text: every name goes
 * through `ident`/`qualified` and every value through `literal`, and HTML
 * escaping is off because this is SQL, not HTML.
 */
const hbs = Handlebars.create();
hbs.registerHelper('ident', (name: string) => quoteIdent(name));
hbs.registerHelper('idents', (names: readonly string[]) => names.map(quoteIdent).join(', '));
hbs.registerHelper('qualified', (schema: string, name: string) => qualified(schema, name));
hbs.registerHelper('literal', (value: string) => quoteLiteral(value));
// Header text must stay inside its `--` comment line whatever a name contains: PostgreSQL's lexer ends
// a line comment at \n or \r only, and both are written as a visible escape.
hbs.registerHelper('comment', (value: unknown) => sqlLineComment(String(value ?? '')));
// Pre-rendered SQL (a column definition, a value, a whole statement) only when flowschema composed it.
hbs.registerHelper('sql', (value: unknown) => {
  if (!SqlText.is(value)) throw new TypeError(`flowschema: a SQL template printed ${JSON.stringify(value)} as SQL; only composed SqlText may be`);
  return value.text;
});
hbs.registerHelper('keyword', (value: unknown) => {
  if (!(SQL_KEYWORDS as readonly unknown[]).includes(value)) throw new TypeError(`flowschema: ${JSON.stringify(value)} is not a SQL keyword a template may print`);
  return value;
});

/** The helpers SQL templates may print through (test/security/template-interpolation.test.ts checks every template). */
export const SQL_TEMPLATE_HELPERS = ['ident', 'idents', 'qualified', 'literal', 'comment', 'sql', 'keyword'] as const;

export function sqlLineComment(text: string): string {
  // Bidirectional controls and Unicode line separators cannot end the comment, but they can make a
  // reviewer read the file differently from PostgreSQL: shown as escapes too.
  return text.replace(/\r\n|\r|\n/g, '\\n').replace(/[\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

const TEMPLATE_DIR = join(templateRoot(), 'sql');
const cache = new Map<string, HandlebarsTemplateDelegate>();

export function sqlTemplate(name: string): HandlebarsTemplateDelegate {
  let template = cache.get(name);
  if (!template) {
    const source = readFileSync(join(TEMPLATE_DIR, `${name}.hbs`), 'utf8');
    template = hbs.compile(source, { noEscape: true, strict: true });
    cache.set(name, template);
  }
  return template;
}

/** Renders a one-statement template without its trailing newline. */
export function renderStatement(name: string, data: object): string {
  return sqlTemplate(name)(data).replace(/\n+$/, '');
}

/** The package's templates/ folder, found upward from this module (a source file or the CLI's bundle). */
export function templateRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'templates');
    if (existsSync(join(candidate, 'sql', 'migration.hbs'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('flowschema: templates/sql not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}
