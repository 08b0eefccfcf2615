export { loadDefinitions, type LoadedFile, type LoadResult } from './load.ts';
export type { LoadedDefinition, LoadedProp, LoadedValue } from './values.ts';
