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
  readonly syntaxError: { readonly pos: SourcePos; readonly message: string } | undefined;
}

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

export function indexModule(file: string, text: string): ModuleIndex {
  const tsc = typescript();
  const source = tsc.createSourceFile(file, text, tsc.ScriptTarget.Latest, false, tsc.ScriptKind.TS);
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
