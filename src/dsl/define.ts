import type { ComponentDefinition, DomainDefinition, FlowDefinition, ScriptFile, SqlExpression } from './types.ts';

// These functions only give editors their types: the compiler reads
// definitions statically and never calls them.

export function defineFlow<const S extends string>(definition: FlowDefinition<S>): FlowDefinition<S> {
  return definition;
}

export function defineDomain<const D extends DomainDefinition>(definition: D): D {
  return definition;
}

export function sql(text: string): SqlExpression {
  return { __sql: text };
}

/** A C# script file (.csx) beside the definition, by a path relative to it; compile encodes it as the platform's CLI does (Base64). */
export function script(path: string): ScriptFile {
  return { __script: path };
}

export function defineTask<const D extends ComponentDefinition>(definition: D): D {
  return definition;
}

export function defineView<const D extends ComponentDefinition>(definition: D): D {
  return definition;
}

export function defineFunction<const D extends ComponentDefinition>(definition: D): D {
  return definition;
}

export function defineExtension<const D extends ComponentDefinition>(definition: D): D {
  return definition;
}

export function defineSchema<const D extends ComponentDefinition>(definition: D): D {
  return definition;
}

export function defineMapping<const D extends ComponentDefinition>(definition: D): D {
  return definition;
}
