import Handlebars from 'handlebars';

/** Block helpers that only choose or repeat their blocks: what they print is their blocks' text, checked in turn. */
const CONTROL_FLOW = ['each', 'if', 'unless', 'with'];

/**
 * Every place a Handlebars template prints a value other than through one of
 * `allowedHelpers` (the escaping helpers of its output language), as
 * `line:column {{source}}`. Read from Handlebars' own parse tree, so
 * whitespace control, triple stashes and comments cannot hide one.
 *
 * Allowed: `{{helper args…}}` for an allowed helper (any arguments: the
 * helper escapes what they give, `this` included); `{{#each}}`, `{{#if}}`,
 * `{{#unless}}`, `{{#with}}` and `{{else}}` (their blocks are checked);
 * comments. Everything else is reported: `{{name}}`, `{{{name}}}`,
 * `{{a.b}}`, `{{this}}`, `{{@index}}`, `{{../x}}`, literals, sub-expressions
 * printed as they are, other block helpers (a block helper's return value is
 * printed raw), partials and decorators.
 *
 * One exception: `{{> name}}` for a partial in `allowedPartials`, with no
 * context, parameters or hash. Its text is a template file of its own, which
 * the caller checks in turn.
 */
export function bareInterpolations(templateText: string, allowedHelpers: readonly string[], allowedPartials: readonly string[] = []): string[] {
  const lines = templateText.split('\n');
  const found: string[] = [];
  const report = (node: hbs.AST.Node) => {
    const { start, end } = node.loc;
    const source = start.line === end.line ? lines[start.line - 1]!.slice(start.column, end.column) : `${lines[start.line - 1]!.slice(start.column)}…`;
    found.push(`${start.line}:${start.column + 1} ${source}`);
  };
  const isHelper = (path: hbs.AST.PathExpression | hbs.AST.Literal, names: readonly string[]) =>
    path.type === 'PathExpression' && !(path as hbs.AST.PathExpression).data && names.includes((path as hbs.AST.PathExpression).original);

  const visit = (node: hbs.AST.Node | undefined): void => {
    if (!node) return;
    switch (node.type) {
      case 'Program':
        for (const statement of (node as hbs.AST.Program).body) visit(statement);
        return;
      case 'MustacheStatement':
        if (!isHelper((node as hbs.AST.MustacheStatement).path, allowedHelpers)) report(node);
        return;
      case 'BlockStatement': {
        const block = node as hbs.AST.BlockStatement;
        if (!isHelper(block.path, [...CONTROL_FLOW, ...allowedHelpers])) report(node);
        visit(block.program);
        visit(block.inverse);
        return;
      }
      case 'PartialStatement': {
        const partial = node as hbs.AST.PartialStatement;
        const named = partial.name.type === 'PathExpression' && allowedPartials.includes((partial.name as hbs.AST.PathExpression).original);
        if (!named || partial.params.length > 0 || (partial.hash?.pairs.length ?? 0) > 0) report(node);
        return;
      }
      case 'ContentStatement':
      case 'CommentStatement':
        return;
      default:
        // PartialBlockStatement, Decorator, DecoratorBlock: text this checker cannot see.
        report(node);
    }
  };
  visit(Handlebars.parse(templateText));
  return found;
}
