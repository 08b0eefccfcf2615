// The library API. Definitions import the DSL from 'flowschema' (src/dsl).
export { compile, type CompileResult } from './compile.ts';
export * from './dsl/index.ts';
