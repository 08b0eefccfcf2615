import { typescript } from '../loader/typescript.ts';

/** Which client compile writes per flow: `client.ts`, or `client.js` with `client.d.ts` for JavaScript services. */
export type ClientLanguage = 'ts' | 'js';

/** A generated client that TypeScript cannot turn into JavaScript and declarations on its own: a bug of flowschema's templates. */
export class ClientDeclarationError extends Error {}

/**
 * The TypeScript client as ESM JavaScript (types erased, comments kept) and
 * its declarations. Both come from the TypeScript compiler file by file
 * (`transpileModule`, `transpileDeclaration`): no type checking and no
 * other file is read, so the result is deterministic and fast. Declarations
 * in isolation need every export's type written out; the templates do, and
 * a client where one is missing is refused rather than typed `any`.
 */
export function clientToJavaScript(source: string, fileName: string): { js: string; dts: string } {
  const ts = typescript();
  const compilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: false, newLine: ts.NewLineKind.LineFeed };
  const js = ts.transpileModule(source, { compilerOptions, fileName }).outputText;
  const declared = ts.transpileDeclaration(source, { compilerOptions: { ...compilerOptions, declaration: true, isolatedDeclarations: true }, fileName, reportDiagnostics: true });
  const problems = declared.diagnostics ?? [];
  if (problems.length > 0)
    throw new ClientDeclarationError(
      `flowschema could not declare the types of ${fileName} (a template bug: please report it): ${problems.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')).join('; ')}`,
    );
  // The header (what made the file, "do not edit") is line comments above the first import, which neither output keeps.
  const header = /^(?:\/\/[^\n]*\n)+/.exec(source)?.[0] ?? '';
  return { js: header + js, dts: header + declared.outputText };
}
