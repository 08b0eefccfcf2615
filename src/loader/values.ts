import type { SourcePos } from '../model/diagnostic.ts';

/**
 * A definition value read statically, with the position it was written at.
 * `invalid` stands where the loader already reported an error, so later
 * stages skip it instead of reporting a second, confusing problem.
 */
export type LoadedValue =
  | { readonly kind: 'string'; readonly value: string; readonly pos: SourcePos }
  | { readonly kind: 'number'; readonly value: number; readonly pos: SourcePos }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly pos: SourcePos }
  | { readonly kind: 'null'; readonly pos: SourcePos }
  | { readonly kind: 'array'; readonly items: readonly LoadedValue[]; readonly pos: SourcePos }
  | { readonly kind: 'object'; readonly props: readonly LoadedProp[]; readonly pos: SourcePos; /** a part of it was invalid (already reported) */ readonly incomplete?: boolean }
  | { readonly kind: 'sql'; readonly text: string; readonly pos: SourcePos }
  /** script('./src/X.csx'): a code file beside the definition; `location` as written, `file` its path among the sources */
  | { readonly kind: 'script'; readonly location: string; readonly file: string; readonly text: string; readonly pos: SourcePos }
  | { readonly kind: 'define'; readonly helper: DefineHelper; readonly arg: LoadedValue; readonly pos: SourcePos }
  | { readonly kind: 'invalid'; readonly pos: SourcePos };

export interface LoadedProp {
  readonly key: string;
  readonly keyPos: SourcePos;
  readonly value: LoadedValue;
}

export const DEFINE_HELPERS = ['defineFlow', 'defineDomain', 'defineTask', 'defineView', 'defineFunction', 'defineExtension', 'defineSchema', 'defineMapping'] as const;
export type DefineHelper = (typeof DEFINE_HELPERS)[number];

/** The extension of script files (the platform's C# scripts): the only files besides .ts read from definitions/. */
export const SCRIPT_EXTENSION = '.csx';

/**
 * What a reader of definitions/ gives as the text of a script file whose
 * bytes are not UTF-8 (decoded, they would be other code than the file
 * holds): script() refuses it (FS1019). Noncharacters around words: no
 * UTF-8 file is this text by accident.
 */
export const NOT_UTF8_SCRIPT = '\uFFFF\uFFFE not UTF-8 \uFFFE\uFFFF';

/** The DSL module definitions import their helpers from. */
export const DSL_MODULE = 'flowschema';

/** One definition: a file whose default export is a `define*(...)` call. */
export interface LoadedDefinition {
  readonly file: string;
  readonly helper: DefineHelper;
  readonly value: LoadedValue;
  readonly pos: SourcePos;
}
