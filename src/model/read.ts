import type { LoadedProp, LoadedValue } from '../loader/index.ts';
import { diagnostic, warning, type Diagnostic, type SourcePos } from './diagnostic.ts';

type Obj = Extract<LoadedValue, { kind: 'object' }>;

/**
 * Reads loaded values into typed fields, reporting shape problems
 * (missing property FS1107, wrong kind FS1108, unknown property FS1109).
 * Values the loader already marked invalid are skipped silently.
 */
export class Reader {
  readonly diagnostics: Diagnostic[] = [];

  error(code: string, pos: SourcePos, message: string, hint?: string): void {
    this.diagnostics.push(diagnostic(code, pos, message, hint));
  }

  warn(code: string, pos: SourcePos, message: string, hint?: string): void {
    this.diagnostics.push(warning(code, pos, message, hint));
  }

  object(value: LoadedValue | undefined, what: string): Obj | undefined {
    if (value === undefined || value.kind === 'invalid') return undefined;
    if (value.kind === 'object') return value;
    this.error('FS1108', value.pos, `${what} must be an object, not ${describe(value)}`, 'write { ... }');
    return undefined;
  }

  /** Reports properties outside `allowed`: a typo must not be ignored silently. */
  only(obj: Obj, allowed: readonly string[], what: string): void {
    for (const p of obj.props)
      if (!allowed.includes(p.key))
        this.error('FS1109', p.keyPos, `unknown property '${p.key}' in ${what}`, `allowed: ${allowed.join(', ')}`);
  }

  prop(obj: Obj, key: string): LoadedProp | undefined {
    return obj.props.find((p) => p.key === key);
  }

  required(obj: Obj, key: string, what: string): LoadedValue | undefined {
    const found = this.prop(obj, key);
    if (!found && !obj.incomplete) this.error('FS1107', obj.pos, `${what} is missing the required property '${key}'`, `add ${key}: ...`);
    return found?.value;
  }

  string(value: LoadedValue | undefined, what: string): string | undefined {
    if (value === undefined || value.kind === 'invalid') return undefined;
    if (value.kind === 'string') return value.value;
    this.error('FS1108', value.pos, `${what} must be a string, not ${describe(value)}`, "write it in quotes: '...'");
    return undefined;
  }

  number(value: LoadedValue | undefined, what: string): number | undefined {
    if (value === undefined || value.kind === 'invalid') return undefined;
    if (value.kind === 'number') return value.value;
    this.error('FS1108', value.pos, `${what} must be a number, not ${describe(value)}`);
    return undefined;
  }

  boolean(value: LoadedValue | undefined, what: string): boolean | undefined {
    if (value === undefined || value.kind === 'invalid') return undefined;
    if (value.kind === 'boolean') return value.value;
    this.error('FS1108', value.pos, `${what} must be true or false, not ${describe(value)}`);
    return undefined;
  }

  array(value: LoadedValue | undefined, what: string): readonly LoadedValue[] | undefined {
    if (value === undefined || value.kind === 'invalid') return undefined;
    if (value.kind === 'array') return value.items;
    this.error('FS1108', value.pos, `${what} must be an array, not ${describe(value)}`, 'write [ ... ]');
    return undefined;
  }

  strings(value: LoadedValue | undefined, what: string): string[] | undefined {
    const items = this.array(value, what);
    if (!items) return undefined;
    const out: string[] = [];
    for (const item of items) {
      const s = this.string(item, `each item of ${what}`);
      if (s !== undefined) out.push(s);
    }
    return out;
  }

  /** `{ [key]: string }` maps such as labels. */
  stringMap(value: LoadedValue | undefined, what: string): Record<string, string> {
    const obj = this.object(value, what);
    const out: Record<string, string> = {};
    if (!obj) return out;
    for (const p of obj.props) {
      const s = this.string(p.value, `${what}.${p.key}`);
      if (s !== undefined) out[p.key] = s;
    }
    return out;
  }
}

export function describe(value: LoadedValue): string {
  switch (value.kind) {
    case 'string': return `the string '${value.value}'`;
    case 'number': return `the number ${value.value}`;
    case 'boolean': return `${value.value}`;
    case 'null': return 'null';
    case 'array': return 'an array';
    case 'object': return 'an object';
    case 'sql': return 'a sql() expression';
    case 'script': return `a script() file`;
    case 'define': return `a ${value.helper}() call`;
    case 'invalid': return 'an invalid value';
  }
}
