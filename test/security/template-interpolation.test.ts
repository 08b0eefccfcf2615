import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_TEMPLATE_HELPERS, CLIENT_TEMPLATE_PARTIALS } from '../../src/codegen/client.ts';
import { SqlText } from '../../src/emit/sql-text.ts';
import { renderStatement, SQL_TEMPLATE_HELPERS } from '../../src/emit/templates.ts';
import { ROOT } from '../support/compile-dir.ts';
import { bareInterpolations } from '../support/template-lint.ts';

/**
 * Every value a TypeScript template prints goes through an escaping helper
 * for its context (src/codegen/ts-escape.ts): a bare `{{name}}` would print
 * a definition's text, or a pre-rendered string, as code.
 */
const TS_TEMPLATES = join(ROOT, 'templates/ts');

describe('TypeScript templates print values only through escaping helpers', () => {
  const files = readdirSync(TS_TEMPLATES).filter((f) => f.endsWith('.hbs')).sort();

  it('has templates to check', () => {
    expect(files).toContain('client.hbs');
    // Every part client.hbs includes is a file here, so each is checked below.
    expect(files).toEqual(expect.arrayContaining(CLIENT_TEMPLATE_PARTIALS.map((p) => `${p}.hbs`)));
  });

  for (const file of files) {
    it(`${file} has no bare interpolation`, () => {
      expect(bareInterpolations(readFileSync(join(TS_TEMPLATES, file), 'utf8'), CLIENT_TEMPLATE_HELPERS, CLIENT_TEMPLATE_PARTIALS)).toEqual([]);
    });
  }

  it('the checker catches bare interpolations and accepts helper calls and control flow', () => {
    const helpers = ['tsString', 'tsCode'];
    expect(bareInterpolations('const a = {{value}};', helpers)).toEqual(['1:11 {{value}}']);
    expect(bareInterpolations('x\nconst a = {{{value}}};\n{{~ other.path ~}}', helpers)).toEqual(['2:11 {{{value}}}', '3:1 {{~ other.path ~}}']);
    expect(bareInterpolations('{{#each rows}}{{this}}{{@index}}{{../name}}{{/each}}', helpers)).toEqual(['1:15 {{this}}', '1:23 {{@index}}', '1:33 {{../name}}']);
    expect(bareInterpolations('{{json x}} {{#raw}}y{{/raw}} {{> partial}} {{lookup this "x"}} {{"text"}}', helpers)).toEqual([
      '1:1 {{json x}}',
      '1:12 {{#raw}}y{{/raw}}',
      '1:30 {{> partial}}',
      '1:44 {{lookup this "x"}}',
      '1:64 {{"text"}}',
    ]);
    // A listed partial by name only: with a context, parameters or a hash, or unlisted, it is reported.
    expect(bareInterpolations('{{> part}}\n{{> part other}}\n{{> part x=1}}\n{{> unknown}}\n{{> (lookup . "p")}}', helpers, ['part'])).toEqual([
      '2:1 {{> part other}}',
      '3:1 {{> part x=1}}',
      '4:1 {{> unknown}}',
      '5:1 {{> (lookup . "p")}}',
    ]);
    // A sub-expression is fine as an argument: the outer helper escapes its result.
    expect(bareInterpolations('{{tsString (lookup this "x")}}', helpers)).toEqual([]);
    const fine = '{{! a comment }}{{#each rows}}{{#if ok}}{{tsString this}}{{else}}{{{tsCode name}}}{{/if}}{{#unless @last}}, {{/unless}}{{/each}}';
    expect(bareInterpolations(fine, helpers)).toEqual([]);
  });

  it('every helper the client template may use is an escaping helper of the client renderer', () => {
    expect([...CLIENT_TEMPLATE_HELPERS].sort()).toEqual(['stmt', 'tsBlockComment', 'tsCode', 'tsLineComment', 'tsLiteral', 'tsString', 'tsTemplateText']);
  });
});

/**
 * The same rule for the SQL templates (src/emit/templates.ts): names through
 * `ident`/`qualified`, values through `literal`, header text through
 * `comment`, keywords through `keyword` (a fixed list), and pre-rendered SQL
 * only through `sql`, which refuses anything but SqlText that flowschema's
 * emitters composed.
 */
describe('SQL templates print values only through escaping helpers', () => {
  const SQL_TEMPLATES = join(ROOT, 'templates/sql');
  const files = readdirSync(SQL_TEMPLATES).filter((f) => f.endsWith('.hbs')).sort();

  it('has templates to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  for (const file of files) {
    it(`${file} has no bare interpolation`, () => {
      expect(bareInterpolations(readFileSync(join(SQL_TEMPLATES, file), 'utf8'), SQL_TEMPLATE_HELPERS)).toEqual([]);
    });
  }

  it('the sql helper refuses a plain string, and keyword anything but its keywords', () => {
    expect(() => renderStatement('alter-table', { schema: 's', table: 't', action: 'DROP COLUMN x; DROP TABLE y' })).toThrow('flowschema: a SQL template printed "DROP COLUMN x; DROP TABLE y" as SQL; only composed SqlText may be');
    expect(renderStatement('alter-table', { schema: 's', table: 't', action: SqlText.composed('DROP COLUMN "x"') })).toBe('ALTER TABLE "s"."t" DROP COLUMN "x";');
    const fk = { schema: 's', table: 't', name: 'f', columns: ['a'], refTable: 'r', refColumns: ['b'] };
    expect(() => renderStatement('add-foreign-key', { ...fk, onDelete: 'CASCADE; DROP TABLE x' })).toThrow('flowschema: "CASCADE; DROP TABLE x" is not a SQL keyword a template may print');
    expect(renderStatement('add-foreign-key', { ...fk, onDelete: 'SET NULL' })).toBe('ALTER TABLE "s"."t" ADD CONSTRAINT "f" FOREIGN KEY ("a") REFERENCES "s"."r" ("b") ON DELETE SET NULL;');
  });
});
