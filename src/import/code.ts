import { tsCall, tsIdentifier, tsSingleQuoted, type TsCode } from '../codegen/ts-escape.ts';

/** `name` alone (an imported definition), or `name('text')` (a script() call): made from escaped parts only. */
export function tsRawCall(name: string, arg?: string): TsCode {
  return arg === undefined ? tsIdentifier(name) : tsCall(tsIdentifier(name), [tsSingleQuoted(arg)]);
}
