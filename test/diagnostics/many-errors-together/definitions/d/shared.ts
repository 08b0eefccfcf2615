let n = 1;
export const cols = { n: { type: 'integer', default: n } };
