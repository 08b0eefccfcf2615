import type { ts } from 'ts-morph';
import { typescript } from './typescript.ts';
import type { SourcePos } from '../model/diagnostic.ts';

/** The top-level bindings of one definition file, indexed for lookup by name. */
export interface ModuleIndex {
  readonly file: string;
  readonly source: ts.SourceFile;
  /** local name -> where it is imported from */
  readonly imports: ReadonlyMap<string, ImportBinding>;
  /** local name -> its declaration */
  readonly bindings: ReadonlyMap<string, LocalBinding>;
  /** exported name -> local name (`export const x`, `export { x as y }`) */
  readonly exports: ReadonlyMap<string, string>;
  /** `export default <expression>` */
  readonly defaultExport: ts.Expression | undefined;
  /**
   * The file's first syntax error (FS1001), or why it was not parsed at all
   * (`code` FS1018: nested too deeply; then it has no bindings).
   */
  readonly syntaxError: { readonly pos: SourcePos; readonly message: string; readonly code?: string; readonly hint?: string } | undefined;
  /** The file was not parsed (too deeply nested): importers get invalid values, reported at the file itself. */
  readonly unparsed?: boolean;
}

/**
 * How deeply brackets (`(`, `[`, `{`, template `${`) and values (objects,
 * arrays and const references together) may nest in a definition. The
 * TypeScript parser and the loader are recursive: a file nested a few
 * hundred levels deep would overflow the stack (RangeError) instead of
 * giving a diagnostic. Real definitions nest about ten levels.
 */
export const MAX_NESTING = 100;

export interface ImportBinding {
  readonly module: string;
  /** `default`, `*`, or the exported name */
  readonly imported: string;
  readonly node: ts.Node;
}

export interface LocalBinding {
  readonly kind: 'const' | 'let' | 'var' | 'function' | 'class' | 'enum' | 'destructured';
  readonly initializer: ts.Expression | undefined;
  readonly node: ts.Node;
}

export function positionOf(source: ts.SourceFile, file: string, node: ts.Node): SourcePos {
  const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
  return { file, line: line + 1, column: character + 1 };
}

/**
 * Scans the text for bracket nesting, skipping strings, comments and
 * template text (a regular expression literal is not recognised: only a
 * regex holding a hundred unbalanced brackets could mislead it). Returns the
 * offset of the bracket that opens level MAX_NESTING + 1, if any.
 */
export function bracketNesting(text: string): number | undefined {
  const TEMPLATE = 1;
  const BRACKET = 0;
  const stack: number[] = [];
  let inTemplate = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const ch = text[i]!;
    if (inTemplate) {
      if (ch === '\\') i += 2;
      else if (ch === '`') {
        inTemplate = false;
        i++;
      } else if (ch === '$' && text[i + 1] === '{') {
        stack.push(TEMPLATE);
        if (stack.length > MAX_NESTING) return i;
        inTemplate = false;
        i += 2;
      } else i++;
      continue;
    }
    switch (ch) {
      case '/':
        if (text[i + 1] === '/') {
          while (i < n && text[i] !== '\n') i++;
          continue;
        }
        if (text[i + 1] === '*') {
          const end = text.indexOf('*/', i + 2);
          i = end < 0 ? n : end + 2;
          continue;
        }
        break;
      case "'":
      case '"':
        for (i++; i < n && text[i] !== ch && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
        break;
      case '`':
        inTemplate = true;
        break;
      case '(':
      case '[':
      case '{':
        stack.push(BRACKET);
        if (stack.length > MAX_NESTING) return i;
        break;
      case ')':
      case ']':
      case '}':
        if (stack.pop() === TEMPLATE) inTemplate = true;
        break;
    }
    i++;
  }
  return undefined;
}

export function indexModule(file: string, text: string): ModuleIndex {
  const tsc = typescript();
  const tooDeep = bracketNesting(text);
  const at = (offset: number): SourcePos => {
    // Line breaks as TypeScript counts them: \n, \r\n, \r, U+2028, U+2029.
    let line = 1;
    let start = 0;
    for (let i = 0; i < offset; i++) {
      const c = text[i];
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') [line, start] = [line + 1, i + 1];
    }
    return { file, line, column: offset - start + 1 };
  };
  const unparsed = (offset: number, message: string): ModuleIndex => ({
    file,
    source: tsc.createSourceFile(file, '', tsc.ScriptTarget.Latest, false, tsc.ScriptKind.TS),
    imports: new Map(),
    bindings: new Map(),
    exports: new Map(),
    defaultExport: undefined,
    syntaxError: { pos: at(offset), message, code: 'FS1018', hint: `flatten it: a definition nests at most ${MAX_NESTING} levels` },
    unparsed: true,
  });
  if (tooDeep !== undefined) return unparsed(tooDeep, `this bracket opens nesting level ${MAX_NESTING + 1}; definitions may nest brackets at most ${MAX_NESTING} levels deep`);
  let source: ts.SourceFile;
  try {
    source = tsc.createSourceFile(file, text, tsc.ScriptTarget.Latest, false, tsc.ScriptKind.TS);
  } catch (error) {
    // Deep nesting without brackets (a long chain of unary operators, nested type arguments):
    // the parser's recursion overflows, and where is not known.
    if (!(error instanceof RangeError)) throw error;
    return unparsed(0, 'this file nests too deeply for the TypeScript parser to read it (a long chain of operators or nested type arguments?)');
  }
  const imports = new Map<string, ImportBinding>();
  const bindings = new Map<string, LocalBinding>();
  const exports = new Map<string, string>();
  let defaultExport: ts.Expression | undefined;

  for (const statement of source.statements) {
    if (tsc.isImportDeclaration(statement)) {
      if (!tsc.isStringLiteral(statement.moduleSpecifier)) continue;
      const module = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (!clause) continue;
      if (clause.name) imports.set(clause.name.text, { module, imported: 'default', node: clause.name });
      const named = clause.namedBindings;
      if (named && tsc.isNamespaceImport(named)) imports.set(named.name.text, { module, imported: '*', node: named });
      if (named && tsc.isNamedImports(named))
        for (const element of named.elements)
          imports.set(element.name.text, { module, imported: (element.propertyName ?? element.name).text, node: element });
    } else if (tsc.isVariableStatement(statement)) {
      const flags = statement.declarationList.flags;
      const kind = flags & tsc.NodeFlags.Const ? 'const' : flags & tsc.NodeFlags.Let ? 'let' : 'var';
      const exported = statement.modifiers?.some((m) => m.kind === tsc.SyntaxKind.ExportKeyword) ?? false;
      for (const declaration of statement.declarationList.declarations) {
        if (tsc.isIdentifier(declaration.name)) {
          bindings.set(declaration.name.text, { kind, initializer: declaration.initializer, node: declaration });
          if (exported) exports.set(declaration.name.text, declaration.name.text);
        } else {
          for (const name of boundNames(declaration.name)) {
            bindings.set(name, { kind: 'destructured', initializer: undefined, node: declaration });
            if (exported) exports.set(name, name);
          }
        }
      }
    } else if (tsc.isExportAssignment(statement) && !statement.isExportEquals) {
      defaultExport = statement.expression;
    } else if (tsc.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && tsc.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) exports.set(element.name.text, (element.propertyName ?? element.name).text);
    } else if (tsc.isFunctionDeclaration(statement) || tsc.isClassDeclaration(statement) || tsc.isEnumDeclaration(statement)) {
      if (statement.name) {
        const kind = tsc.isFunctionDeclaration(statement) ? 'function' : tsc.isClassDeclaration(statement) ? 'class' : 'enum';
        bindings.set(statement.name.text, { kind, initializer: undefined, node: statement });
        if (statement.modifiers?.some((m) => m.kind === tsc.SyntaxKind.ExportKeyword)) exports.set(statement.name.text, statement.name.text);
      }
    }
  }

  const parseDiagnostics = (source as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const first = parseDiagnostics[0];
  const syntaxError = first
    ? {
        pos: (() => {
          const { line, character } = source.getLineAndCharacterOfPosition(first.start);
          return { file, line: line + 1, column: character + 1 };
        })(),
        message: tsc.flattenDiagnosticMessageText(first.messageText, ' '),
      }
    : undefined;
  return { file, source, imports, bindings, exports, defaultExport, syntaxError };
}

function boundNames(name: ts.BindingName): string[] {
  const tsc = typescript();
  if (tsc.isIdentifier(name)) return [name.text];
  const names: string[] = [];
  for (const element of name.elements) if (!tsc.isOmittedExpression(element)) names.push(...boundNames(element.name));
  return names;
}
