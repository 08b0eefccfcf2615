/**
 * Benchmark: `flowschema compile` against drizzle-kit `generate` on the same
 * N schemas, side by side in one run. Prints times, peak memory and ratios.
 *   npm run bench:compile            (N = 100 and 500, 3 runs each, medians)
 *   BENCH_N=50 BENCH_RUNS=1 npm run bench:compile
 * Cold: an empty output folder and no cache. Incremental: after a full
 * compile (or generate), one column is added to one flow (its version
 * bumped) and the tool runs again.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { measure, median } from '../measure.ts';
import { drizzleSource, flowSource, writeDrizzleProject, writeFlowschemaProject } from './generate.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const WORK = join(ROOT, 'test/bench/.work/compile');
const SIZES = (process.env.BENCH_N ?? '100,500').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** Each tool's own word that it wrote a migration: exit codes alone do not tell (drizzle-kit exits 0 on errors). */
const WROTE = /Your SQL migration file|created|updated/;

function time(label: string, args: string[], reset: () => void): { ms: number; peakMb: number } {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    reset();
    spawnSync('sync');
    const m = measure(args, ROOT);
    if (m.status !== 0 || !WROTE.test(m.output)) throw new Error(`${label} failed (exit ${m.status}):\n${m.output.slice(-2000)}`);
    runs.push(m);
  }
  return { ms: median(runs.map((r) => r.ms)), peakMb: median(runs.map((r) => r.peakMb)) };
}

const fmt = (m: { ms: number; peakMb: number }) => `${(m.ms / 1000).toFixed(2)} s, ${m.peakMb.toFixed(0)} MB`.padEnd(25);
console.log(`compile benchmark: ${RUNS} run(s) per figure, medians; peak = max RSS of the node process`);
console.log('N     case          flowschema compile        drizzle-kit generate      speed-up  memory');
for (const n of SIZES) {
  const dir = join(WORK, String(n));
  rmSync(dir, { recursive: true, force: true });
  writeFlowschemaProject(join(dir, 'fs'), n);
  writeDrizzleProject(join(dir, 'dk'), n);
  const fsOut = join(dir, 'fs', 'generated');
  const dkOut = join(dir, 'dk', 'out');
  const fsCache = join(dir, 'fs', '.flowschema');
  const compileArgs = ['bin/flowschema.js', 'compile', '--definitions', join(dir, 'fs', 'definitions'), '--out', fsOut];
  // drizzle-kit mishandles an absolute --out once a snapshot exists (it reads `.//abs/path` and still exits 0): give it relative paths.
  const generateArgs = ['node_modules/drizzle-kit/bin.cjs', 'generate', '--dialect=postgresql', `--schema=${relative(ROOT, join(dir, 'dk', 'schema'))}/*.ts`, `--out=${relative(ROOT, dkOut)}`];
  const coldFs = () => {
    rmSync(fsOut, { recursive: true, force: true });
    rmSync(fsCache, { recursive: true, force: true });
  };
  const coldDk = () => rmSync(dkOut, { recursive: true, force: true });
  const row = (label: string, ours: { ms: number; peakMb: number }, theirs: { ms: number; peakMb: number }) =>
    console.log(`${String(n).padEnd(5)} ${label.padEnd(13)} ${fmt(ours)} ${fmt(theirs)} ${(theirs.ms / ours.ms).toFixed(2)}x     ${(ours.peakMb / theirs.peakMb).toFixed(2)}x of drizzle-kit`);
  row('cold', time('flowschema compile', compileArgs, coldFs), time('drizzle-kit generate', generateArgs, coldDk));

  // Incremental: a full run first (untimed), then one flow changes.
  const flowFile = join(dir, 'fs', 'definitions', 'bench', 'flow-1.flow.ts');
  const dkFile = join(dir, 'dk', 'schema', 'flow_1.ts');
  const extraFs = "\n        note: { type: 'text', optional: true },";
  const extraDk = "\n  note: text('note'),";
  const ours = time('flowschema compile (incremental)', compileArgs, () => {
    coldFs();
    writeFileSync(flowFile, flowSource(1));
    const first = measure(compileArgs, ROOT);
    if (first.status !== 0) throw new Error(first.output);
    writeFileSync(flowFile, flowSource(1, '1.1.0', extraFs));
  });
  const theirs = time('drizzle-kit generate (incremental)', generateArgs, () => {
    coldDk();
    writeFileSync(dkFile, drizzleSource(1));
    const first = measure(generateArgs, ROOT);
    if (first.status !== 0 || !WROTE.test(first.output)) throw new Error(first.output);
    writeFileSync(dkFile, drizzleSource(1, extraDk));
  });
  if (!readFileSync(flowFile, 'utf8').includes('note')) throw new Error('the incremental change was not made');
  row('incremental', ours, theirs);
}
