import { sql } from 'flowschema';

export const STATUSES = ['new', 'old'] as const;
const base = { type: 'integer', default: -7 } as const;
export const columns = {
  counter: base,
  note: { type: 'text', optional: true, default: null },
  stamp: { type: 'timestamptz', default: sql('now()') },
} as const;
export { base as baseColumn };
export const limits = { max: 10 } satisfies Record<string, number>;
