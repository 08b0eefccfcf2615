import type { ComponentDefinition, DomainDefinition, FlowDefinition, SqlExpression } from './types.ts';

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
