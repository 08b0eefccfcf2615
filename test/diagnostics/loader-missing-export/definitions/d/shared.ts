export const columns = { id: { type: 'integer' } } as const;
