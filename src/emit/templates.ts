import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { qualified, quoteIdent, quoteLiteral } from '../model/index.ts';

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
// Header text must stay inside its `--` comment line whatever a name contains.
hbs.registerHelper('comment', (value: unknown) => String(value ?? '').replace(/\r\n|\r|\n/g, '\\n'));

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
