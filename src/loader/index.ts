export { loadDefinitions, type LoadedFile, type LoadResult } from './load.ts';
export { NOT_UTF8_SCRIPT, SCRIPT_EXTENSION } from './values.ts';
export type { LoadedDefinition, LoadedProp, LoadedValue } from './values.ts';
