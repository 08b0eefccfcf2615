import { createRequire } from 'node:module';
import type { ts } from 'ts-morph';

/**
 * The TypeScript parser bundled with ts-morph. ts-morph is CommonJS: loading
 * it with require() spares Node the scan for named exports over the whole
 * compiler that an ESM import does (about 100 ms a run).
 */
export const tsc = loadTypescript();

function loadTypescript(): typeof ts {
  const require = createRequire(import.meta.url);
  try {
    // The compiler ts-morph bundles, without ts-morph's project layer (~100 ms and ~20 MB a run).
    return require(require.resolve('@ts-morph/common/dist/typescript.js', { paths: [require.resolve('ts-morph')] })) as typeof ts;
  } catch {
    return (require('ts-morph') as { ts: typeof ts }).ts;
  }
}
