import { createRequire } from 'node:module';
import type { ts } from 'ts-morph';

let loaded: typeof ts | undefined;

/**
 * The TypeScript parser bundled with ts-morph, loaded on first use: a run
 * whose definitions all come from the cache never pays for it. Loaded with
 * require() (ts-morph is CommonJS), which spares Node the named-export scan
 * over the whole compiler that an ESM import does, and without ts-morph's
 * project layer, which the loader does not use (together ~200 ms and ~20 MB).
 */
export function typescript(): typeof ts {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  try {
    loaded = require(require.resolve('@ts-morph/common/dist/typescript.js', { paths: [require.resolve('ts-morph')] })) as typeof ts;
  } catch {
    loaded = (require('ts-morph') as { ts: typeof ts }).ts;
  }
  return loaded;
}
