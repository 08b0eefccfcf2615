// not a definition: no default export
export const EXTRA = ['mid'] as const;
