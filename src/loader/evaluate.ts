import type { ts } from 'ts-morph';
import { typescript } from './typescript.ts';

// Set when the first Evaluator is made, so the parser loads only when something is evaluated.
let tsc: typeof ts;
import { diagnostic, type Diagnostic, type SourcePos } from '../model/diagnostic.ts';
import { DEFINE_HELPERS, DSL_MODULE, NOT_UTF8_SCRIPT, SCRIPT_EXTENSION, type DefineHelper, type LoadedProp, type LoadedValue } from './values.ts';
import { MAX_NESTING, positionOf, type ModuleIndex } from './module.ts';
import { posix } from 'node:path';
import { resolveImport } from './resolve.ts';

const STATIC_HINT = 'definitions are read statically: use literals, const values, imports of them, spreads and sql()';

/**
 * Evaluates definition expressions without running them. Every construct it
 * does not support becomes a diagnostic at its position and an `invalid`
 * value, never an exception and never a silent undefined.
 */
export class Evaluator {
  readonly diagnostics: Diagnostic[] = [];
  private readonly bindingCache = new Map<string, { value: LoadedValue; deps: ReadonlySet<string> }>();
  /** the files each evaluation in progress has read, innermost last */
  private readonly depStack: Set<string>[] = [];
  private readonly inProgress = new Set<string>();
  private readonly reported = new Set<string>();
  /** objects and arrays being evaluated, and const references being resolved, one inside the other */
  private level = 0;
  /** how deeply objects and arrays nest in a value (a scalar: 0); values are shared, so kept aside */
  private readonly heights = new WeakMap<LoadedValue, number>();

  constructor(
    /** Parses (or returns the cached parse of) a definition file. */
    private readonly moduleOf: (path: string) => ModuleIndex | undefined,
    private readonly files: ReadonlySet<string>,
    /** The text of a script file (.csx) among the sources, by path. */
    private readonly scriptText: (path: string) => string | undefined = () => undefined,
  ) {
    tsc = typescript();
  }

  evaluate(module: ModuleIndex, expression: ts.Expression): LoadedValue {
    const node = unwrap(expression);
    const pos = positionOf(module.source, module.file, node);
    if (tsc.isStringLiteral(node) || tsc.isNoSubstitutionTemplateLiteral(node)) return { kind: 'string', value: node.text, pos };
    if (tsc.isNumericLiteral(node)) return { kind: 'number', value: Number(node.text), pos };
    if (tsc.isPrefixUnaryExpression(node) && tsc.isNumericLiteral(node.operand)) {
      if (node.operator === tsc.SyntaxKind.MinusToken) return { kind: 'number', value: -Number(node.operand.text), pos };
      if (node.operator === tsc.SyntaxKind.PlusToken) return { kind: 'number', value: Number(node.operand.text), pos };
    }
    if (node.kind === tsc.SyntaxKind.TrueKeyword) return { kind: 'boolean', value: true, pos };
    if (node.kind === tsc.SyntaxKind.FalseKeyword) return { kind: 'boolean', value: false, pos };
    if (node.kind === tsc.SyntaxKind.NullKeyword) return { kind: 'null', pos };
    if (tsc.isTemplateExpression(node))
      return this.fail('FS1005', pos, 'a template literal with ${...} expressions is not allowed in a definition', 'write the whole string as a literal, or build it from const strings with a plain literal');
    if (tsc.isArrayLiteralExpression(node)) return this.array(module, node, pos);
    if (tsc.isObjectLiteralExpression(node)) return this.object(module, node, pos);
    if (tsc.isIdentifier(node)) return this.identifier(module, node, pos);
    if (tsc.isPropertyAccessExpression(node) || tsc.isElementAccessExpression(node)) return this.access(module, node);
    if (tsc.isCallExpression(node)) return this.call(module, node, pos);
    return this.fail('FS1002', pos, `unsupported expression (${tsc.SyntaxKind[node.kind]}) in a definition`, STATIC_HINT);
  }

  /** The value of an exported name of a module, following re-exports and imports. */
  exported(module: ModuleIndex, name: string, usePos: SourcePos): LoadedValue {
    if (name === 'default') {
      if (module.defaultExport) return this.cached(`${module.file}#default`, usePos, () => this.evaluate(module, module.defaultExport!));
      return this.fail('FS1009', usePos, `'${module.file}' has no default export`, 'export the value with `export default` or import it by name');
    }
    const local = module.exports.get(name);
    if (local === undefined) return this.fail('FS1009', usePos, `'${module.file}' has no export named '${name}'`, 'export it as `export const ' + name + ' = ...`');
    return this.binding(module, local, usePos);
  }

  /**
   * Evaluates one nesting level (an object or array literal, or a const
   * reference) within MAX_NESTING: the loader recurses, and a definition
   * nested thousands deep (a chain of 3,000 consts) would overflow the stack.
   */
  private nested(pos: SourcePos, what: string, evaluate: () => LoadedValue): LoadedValue {
    if (this.level >= MAX_NESTING)
      return this.failOnce(`depth:${pos.file}:${pos.line}:${pos.column}`, 'FS1018', pos, `${what} more than ${MAX_NESTING} levels deep (objects, arrays and references from one const to another count together)`, 'flatten the value, or refer to the const that holds it rather than through a chain of consts');
    this.level++;
    try {
      return evaluate();
    } finally {
      this.level--;
    }
  }

  /** An object or array value, refused when it nests deeper than MAX_NESTING through values kept from earlier evaluations. */
  private composite(value: Extract<LoadedValue, { kind: 'object' | 'array' }>): LoadedValue {
    const children = value.kind === 'object' ? value.props.map((p) => p.value) : value.items;
    const height = 1 + children.reduce((m, c) => Math.max(m, this.heights.get(c) ?? 0), 0);
    if (height > MAX_NESTING) return this.fail('FS1018', value.pos, `this value nests objects and arrays more than ${MAX_NESTING} levels deep (counting the consts it uses)`, `flatten it: a definition nests at most ${MAX_NESTING} levels`);
    this.heights.set(value, height);
    return value;
  }

  private array(module: ModuleIndex, node: ts.ArrayLiteralExpression, pos: SourcePos): LoadedValue {
    return this.nested(pos, 'this array is nested', () => this.arrayItems(module, node, pos));
  }

  private arrayItems(module: ModuleIndex, node: ts.ArrayLiteralExpression, pos: SourcePos): LoadedValue {
    const items: LoadedValue[] = [];
    for (const element of node.elements) {
      if (tsc.isSpreadElement(element)) {
        const spread = this.evaluate(module, element.expression);
        if (spread.kind === 'array') items.push(...spread.items);
        else if (spread.kind !== 'invalid')
          items.push(this.fail('FS1012', positionOf(module.source, module.file, element), 'only an array can be spread into an array', 'spread a const array'));
      } else if (tsc.isOmittedExpression(element)) {
        items.push(this.fail('FS1002', positionOf(module.source, module.file, element), 'an array hole is not allowed in a definition', 'write every element'));
      } else items.push(this.evaluate(module, element));
    }
    return this.composite({ kind: 'array', items, pos });
  }

  private object(module: ModuleIndex, node: ts.ObjectLiteralExpression, pos: SourcePos): LoadedValue {
    return this.nested(pos, 'this object is nested', () => this.objectProps(module, node, pos));
  }

  private objectProps(module: ModuleIndex, node: ts.ObjectLiteralExpression, pos: SourcePos): LoadedValue {
    const props = new Map<string, LoadedProp>();
    const literalKeys = new Set<string>();
    let incomplete = false;
    for (const property of node.properties) {
      const propertyPos = positionOf(module.source, module.file, property);
      if (tsc.isSpreadAssignment(property)) {
        const spread = this.evaluate(module, property.expression);
        if (spread.kind === 'object') {
          for (const p of spread.props) { props.delete(p.key); props.set(p.key, p); }
          if (spread.incomplete) incomplete = true;
        } else {
          incomplete = true;
          if (spread.kind !== 'invalid') this.fail('FS1012', propertyPos, 'only an object can be spread into an object', 'spread a const object');
        }
        continue;
      }
      if (!tsc.isPropertyAssignment(property) && !tsc.isShorthandPropertyAssignment(property)) {
        this.fail('FS1017', propertyPos, 'methods and accessors are not allowed in a definition', 'write a plain `key: value` property');
        incomplete = true;
        continue;
      }
      const key = this.propertyKey(module, property.name);
      if (key === undefined) {
        incomplete = true;
        continue;
      }
      const keyPos = positionOf(module.source, module.file, property.name);
      if (literalKeys.has(key)) {
        this.fail('FS1013', keyPos, `duplicate key '${key}' in an object literal`, 'remove one of the two properties');
        continue;
      }
      literalKeys.add(key);
      const value = tsc.isPropertyAssignment(property)
        ? this.evaluate(module, property.initializer)
        : this.identifier(module, property.name, keyPos);
      props.delete(key);
      props.set(key, { key, keyPos, value });
    }
    return this.composite(incomplete ? { kind: 'object', props: [...props.values()], pos, incomplete } : { kind: 'object', props: [...props.values()], pos });
  }

  private propertyKey(module: ModuleIndex, name: ts.PropertyName): string | undefined {
    if (tsc.isIdentifier(name) || tsc.isStringLiteral(name) || tsc.isNumericLiteral(name) || tsc.isNoSubstitutionTemplateLiteral(name)) return name.text;
    this.fail('FS1004', positionOf(module.source, module.file, name), 'a computed property key is not allowed in a definition', 'write the key as a plain name or a string literal');
    return undefined;
  }

  private identifier(module: ModuleIndex, node: ts.Identifier, pos: SourcePos): LoadedValue {
    const name = node.text;
    if (name === 'undefined')
      return this.fail('FS1002', pos, '`undefined` is not allowed in a definition', 'leave the property out, or use null');
    if (module.bindings.has(name)) return this.binding(module, name, pos);
    const imported = module.imports.get(name);
    if (imported) return this.importedValue(module, imported, pos);
    if (name === 'process')
      return this.fail('FS1007', pos, 'process.env and other environment access are not allowed in a definition', 'definitions must give the same output on every machine: write the value as a literal');
    return this.fail('FS1010', pos, `'${name}' is not declared in this file or imported`, 'declare it with `const` or import it from another definition file');
  }

  private importedValue(module: ModuleIndex, imported: { module: string; imported: string; node: ts.Node }, pos: SourcePos): LoadedValue {
    const importPos = positionOf(module.source, module.file, imported.node);
    if (imported.module === DSL_MODULE)
      return this.fail('FS1002', pos, `'${imported.imported}' from '${DSL_MODULE}' can only be called`, 'call it, as in sql(\'...\')');
    const target = resolveImport(module.file, imported.module, this.files);
    if (target !== undefined) this.readsFile(target);
    const targetModule = target === undefined ? undefined : this.moduleOf(target);
    // A file too deeply nested to parse is reported at the file itself.
    if (targetModule?.unparsed) return { kind: 'invalid', pos };
    if (!targetModule)
      return this.failOnce(`import:${module.file}:${imported.module}`, 'FS1008', importPos, `cannot find definition module '${imported.module}'`, 'import definition files by relative path (./shared.ts) from inside the definitions folder');
    if (imported.imported === '*')
      return this.fail('FS1002', pos, 'a namespace import cannot be used as a value', 'import the names you need: import { X } from ...');
    // Another file's default export is one more level (a chain of files, each exporting the next one's default);
    // a named export is counted where its const is read.
    if (imported.imported === 'default' && !this.bindingCache.has(`${targetModule.file}#default`))
      return this.nested(pos, `the default export of '${targetModule.file}' is reached`, () => this.exported(targetModule, 'default', importPos));
    return this.exported(targetModule, imported.imported, importPos);
  }

  private binding(module: ModuleIndex, name: string, usePos: SourcePos): LoadedValue {
    const local = module.bindings.get(name);
    if (!local) {
      const imported = module.imports.get(name);
      // `export { x }` of an imported x: one more level (a chain of files re-exporting a name).
      if (imported) return this.nested(usePos, `'${name}' is reached`, () => this.importedValue(module, imported, usePos));
      return this.fail('FS1010', usePos, `'${name}' is not declared in '${module.file}'`, 'declare it with `const`');
    }
    const declPos = positionOf(module.source, module.file, local.node);
    if (local.kind !== 'const') {
      const what = local.kind === 'let' || local.kind === 'var' ? `a \`${local.kind}\` binding` : local.kind === 'destructured' ? 'a destructured binding' : `a ${local.kind} declaration`;
      return this.failOnce(`bind:${module.file}:${name}`, 'FS1006', declPos, `'${name}' is ${what}; definitions can only use \`const\` values`, `declare it as \`const ${name} = ...\``);
    }
    if (!local.initializer) return this.failOnce(`bind:${module.file}:${name}`, 'FS1006', declPos, `'${name}' has no value`, 'give the const an initializer');
    const key = `${module.file}#${name}`;
    if (this.bindingCache.has(key)) return this.cached(key, declPos, () => this.evaluate(module, local.initializer!));
    return this.nested(usePos, `'${name}' is reached`, () => this.cached(key, declPos, () => this.evaluate(module, local.initializer!)));
  }

  /**
   * Runs `fn` and returns, with its value, every definition file it read
   * (directly or through cached bindings): what a cached result depends on.
   */
  withDeps<T>(fn: () => T): { value: T; deps: Set<string> } {
    const deps = new Set<string>();
    this.depStack.push(deps);
    try {
      return { value: fn(), deps };
    } finally {
      this.depStack.pop();
      const parent = this.depStack.at(-1);
      if (parent) for (const d of deps) parent.add(d);
    }
  }

  private readsFile(path: string): void {
    this.depStack.at(-1)?.add(path);
  }

  private cached(key: string, pos: SourcePos, compute: () => LoadedValue): LoadedValue {
    const hit = this.bindingCache.get(key);
    if (hit) {
      for (const d of hit.deps) this.readsFile(d);
      return hit.value;
    }
    if (this.inProgress.has(key))
      return this.failOnce(`cycle:${key}`, 'FS1011', pos, 'this value refers to itself (a circular reference between const values)', 'break the cycle');
    this.inProgress.add(key);
    const { value, deps } = this.withDeps(compute);
    this.inProgress.delete(key);
    this.bindingCache.set(key, { value, deps });
    return value;
  }

  /**
   * `a.b[0].c`: the chain is walked in a loop, innermost access first (a
   * chain thousands of members long must not recurse once per member).
   */
  private access(module: ModuleIndex, node: ts.PropertyAccessExpression | ts.ElementAccessExpression): LoadedValue {
    const chain: (ts.PropertyAccessExpression | ts.ElementAccessExpression)[] = [];
    let base: ts.Expression = node;
    while (tsc.isPropertyAccessExpression(base) || tsc.isElementAccessExpression(base)) {
      chain.push(base);
      base = unwrap(base.expression);
    }
    const innermost = chain.at(-1)!;
    const posOf = (n: ts.Node) => positionOf(module.source, module.file, n);
    let i = chain.length - 1;
    let target: LoadedValue;
    if (tsc.isPropertyAccessExpression(innermost) && tsc.isIdentifier(innermost.expression) && innermost.expression.text === 'process' && !module.bindings.has('process') && !module.imports.has('process')) {
      target = this.fail('FS1007', posOf(innermost), 'process.env and other environment access are not allowed in a definition', 'definitions must give the same output on every machine: write the value as a literal');
      i--;
    } else target = this.evaluate(module, base);
    for (; i >= 0; i--) {
      const step = chain[i]!;
      target = tsc.isPropertyAccessExpression(step) ? this.member(target, step.name.text, posOf(step)) : this.elementAccess(module, target, step, posOf(step));
    }
    return target;
  }

  private elementAccess(module: ModuleIndex, target: LoadedValue, node: ts.ElementAccessExpression, pos: SourcePos): LoadedValue {
    const index = this.evaluate(module, node.argumentExpression);
    if (index.kind === 'invalid' || target.kind === 'invalid') return { kind: 'invalid', pos };
    if (index.kind === 'number' && target.kind === 'array') {
      const item = target.items[index.value];
      return item ?? this.fail('FS1016', pos, `index ${index.value} is outside the array (length ${target.items.length})`, 'use an index that exists');
    }
    if (index.kind === 'string') return this.member(target, index.value, pos);
    return this.fail('FS1002', pos, 'an element access needs a literal string key or a number index', STATIC_HINT);
  }

  private member(target: LoadedValue, name: string, pos: SourcePos): LoadedValue {
    if (target.kind === 'invalid') return { kind: 'invalid', pos };
    if (target.kind === 'object') {
      const found = target.props.find((p) => p.key === name);
      if (found) return found.value;
      return this.fail('FS1016', pos, `the object has no property '${name}'`, `available: ${target.props.map((p) => p.key).join(', ') || '(none)'}`);
    }
    if (target.kind === 'array' && name === 'length') return { kind: 'number', value: target.items.length, pos };
    return this.fail('FS1016', pos, `cannot read property '${name}' of a ${target.kind} value`, STATIC_HINT);
  }

  private call(module: ModuleIndex, node: ts.CallExpression, pos: SourcePos): LoadedValue {
    const helper = tsc.isIdentifier(node.expression) ? this.dslHelper(module, node.expression.text) : undefined;
    if (helper === undefined) {
      const callee = node.expression.getText(module.source);
      return this.fail('FS1003', pos, `a function call (${callee}(...)) is not allowed in a definition`, `${STATIC_HINT}; the only calls allowed are the helpers imported from '${DSL_MODULE}'`);
    }
    const args = node.arguments;
    if (helper === 'sql') {
      const arg = args.length === 1 ? this.evaluate(module, args[0]!) : undefined;
      if (arg?.kind === 'invalid') return { kind: 'invalid', pos };
      if (arg?.kind !== 'string') return this.fail('FS1015', pos, 'sql() takes exactly one string argument', "write sql('now()')");
      return { kind: 'sql', text: arg.value, pos };
    }
    if (helper === 'script') return this.script(module, args, pos);
    if (args.length !== 1) return this.fail('FS1015', pos, `${helper}() takes exactly one object argument`, `write ${helper}({ ... })`);
    const arg = this.evaluate(module, args[0]!);
    if (arg.kind !== 'object' && arg.kind !== 'invalid') return this.fail('FS1015', pos, `${helper}() takes exactly one object argument`, `write ${helper}({ ... })`);
    const value: LoadedValue = { kind: 'define', helper, arg, pos };
    this.heights.set(value, this.heights.get(arg) ?? 0);
    return value;
  }

  /**
   * script('./src/X.csx'): a .csx file beside the definition, by a relative
   * path that stays inside definitions/; the file is a dependency of the
   * value (a changed script recompiles what uses it).
   */
  private script(module: ModuleIndex, args: ts.NodeArray<ts.Expression>, pos: SourcePos): LoadedValue {
    const arg = args.length === 1 ? this.evaluate(module, args[0]!) : undefined;
    if (arg?.kind === 'invalid') return { kind: 'invalid', pos };
    if (arg?.kind !== 'string') return this.fail('FS1015', pos, 'script() takes exactly one string argument: the path of a .csx file', "write script('./src/CheckMapping.csx')");
    const location = arg.value;
    if (!location.startsWith('./') && !location.startsWith('../'))
      return this.fail('FS1019', arg.pos, `script path '${location}' must be relative to this file`, "start it with ./, as in script('./src/CheckMapping.csx')");
    if (!location.endsWith(SCRIPT_EXTENSION))
      return this.fail('FS1019', arg.pos, `script path '${location}' must name a ${SCRIPT_EXTENSION} file`, `the platform's scripts are C# script files (${SCRIPT_EXTENSION})`);
    const file = posix.normalize(posix.join(posix.dirname(module.file), location));
    const text = this.scriptText(file);
    if (text === undefined)
      return this.fail('FS1019', arg.pos, `cannot find script file '${location}' (${file})`, 'keep script files inside the definitions folder, next to the definition that uses them (a symbolic link is not read: only regular files are)');
    this.readsFile(file);
    // Its bytes are not UTF-8: decoded, the platform would run other code than the file holds.
    if (text === NOT_UTF8_SCRIPT) return this.fail('FS1019', arg.pos, `script file '${location}' is not UTF-8 text`, 'save it as UTF-8');
    return { kind: 'script', location, file, text, pos };
  }

  private dslHelper(module: ModuleIndex, name: string): DefineHelper | 'sql' | 'script' | undefined {
    if (module.bindings.has(name)) return undefined;
    const imported = module.imports.get(name);
    if (!imported || imported.module !== DSL_MODULE) return undefined;
    if (imported.imported === 'sql') return 'sql';
    if (imported.imported === 'script') return 'script';
    return (DEFINE_HELPERS as readonly string[]).includes(imported.imported) ? (imported.imported as DefineHelper) : undefined;
  }

  private fail(code: string, pos: SourcePos, message: string, hint?: string): LoadedValue {
    this.diagnostics.push(diagnostic(code, pos, message, hint));
    return { kind: 'invalid', pos };
  }

  /** For problems at a declaration that several uses reach: reported once. */
  private failOnce(key: string, code: string, pos: SourcePos, message: string, hint?: string): LoadedValue {
    if (!this.reported.has(key)) {
      this.reported.add(key);
      this.diagnostics.push(diagnostic(code, pos, message, hint));
    }
    return { kind: 'invalid', pos };
  }
}

/** `(x)`, `x as T`, `x satisfies T`, `<T>x`, `x!`: the expression itself (a loop: chains of them do not recurse). */
function unwrap(node: ts.Expression): ts.Expression {
  while (tsc.isParenthesizedExpression(node) || tsc.isAsExpression(node) || tsc.isSatisfiesExpression(node) || tsc.isTypeAssertionExpression(node) || tsc.isNonNullExpression(node)) node = node.expression;
  return node;
}
