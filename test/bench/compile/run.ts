/**
 * Benchmark: `flowschema compile` against drizzle-kit `generate` on the same
 * N schemas, side by side in one run. Prints times, peak memory and ratios.
 *   npm run bench:compile            (N = 100 and 500, 3 runs each, medians)
 *   BENCH_N=50 BENCH_RUNS=1 npm run bench:compile
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { measure, median } from '../measure.ts';
import { writeDrizzleProject, writeFlowschemaProject } from './generate.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const WORK = join(ROOT, 'test/bench/.work/compile');
const SIZES = (process.env.BENCH_N ?? '100,500').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function time(label: string, args: string[], reset: () => void): { ms: number; peakMb: number } {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    reset();
    const m = measure(args, ROOT);
    if (m.status !== 0) throw new Error(`${label} failed (exit ${m.status}):\n${m.output.slice(-2000)}`);
    runs.push(m);
  }
  return { ms: median(runs.map((r) => r.ms)), peakMb: median(runs.map((r) => r.peakMb)) };
}

console.log(`compile benchmark: ${RUNS} run(s) per figure, medians; peak = max RSS of the node process`);
console.log('N     flowschema compile        drizzle-kit generate      speed-up  memory');
for (const n of SIZES) {
  const dir = join(WORK, String(n));
  rmSync(dir, { recursive: true, force: true });
  writeFlowschemaProject(join(dir, 'fs'), n);
  writeDrizzleProject(join(dir, 'dk'), n);
  const fsOut = join(dir, 'fs', 'generated');
  const dkOut = join(dir, 'dk', 'out');
  const ours = time('flowschema compile', ['bin/flowschema.js', 'compile', '--definitions', join(dir, 'fs', 'definitions'), '--out', fsOut], () => rmSync(fsOut, { recursive: true, force: true }));
  const theirs = time('drizzle-kit generate', ['node_modules/drizzle-kit/bin.cjs', 'generate', '--dialect=postgresql', `--schema=${join(dir, 'dk', 'schema')}/*.ts`, `--out=${dkOut}`], () => rmSync(dkOut, { recursive: true, force: true }));
  console.log(
    `${String(n).padEnd(5)} ${`${(ours.ms / 1000).toFixed(2)} s, ${ours.peakMb.toFixed(0)} MB`.padEnd(25)} ${`${(theirs.ms / 1000).toFixed(2)} s, ${theirs.peakMb.toFixed(0)} MB`.padEnd(25)} ${(theirs.ms / ours.ms).toFixed(2)}x     ${(ours.peakMb / theirs.peakMb).toFixed(2)}x of drizzle-kit`,
  );
}
