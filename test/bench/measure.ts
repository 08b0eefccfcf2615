import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measurement {
  readonly ms: number;
  /** peak resident memory of the node process, MB */
  readonly peakMb: number;
  readonly status: number | null;
  readonly output: string;
}

const PROBE = join(tmpdir(), 'flowschema-rss-probe.cjs');
writeFileSync(PROBE, "process.on('exit', () => { if (process.env.RSS_OUT) require('fs').writeFileSync(process.env.RSS_OUT, String(process.resourceUsage().maxRSS)); });\n");

/** Runs a node command once; wall time from spawn to exit, peak RSS from the process itself. */
export function measure(args: readonly string[], cwd: string): Measurement {
  const rssFile = join(tmpdir(), `flowschema-rss-${process.pid}-${Date.now()}`);
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: `--require ${PROBE}`, RSS_OUT: rssFile, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  let peakMb = NaN;
  try {
    peakMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
    rmSync(rssFile);
  } catch {
    // the process died before its exit hook
  }
  return { ms, peakMb, status: result.status, output: `${result.stdout}${result.stderr}` };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
