import { posix } from 'node:path';

/**
 * Resolves a relative import between definition files the way TypeScript's
 * NodeNext/bundler resolution would: `./x`, `./x.ts`, `./x.js` (-> x.ts), `./x/index.ts`.
 */
export function resolveImport(fromFile: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  const base = posix.normalize(posix.join(posix.dirname(fromFile), specifier));
  const candidates = [base, base.replace(/\.(m?js)$/, '.ts'), `${base}.ts`, `${base}/index.ts`];
  return candidates.find((candidate) => files.has(candidate));
}
