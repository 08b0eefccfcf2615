// A child process for the concurrency test: N concurrent first starts of one flow.
// Usage: node --import tsx first-starts.ts <initUrl> <orchestrationUrl> <generated> <domain> <flow> <prefix> <count>
import pg from 'pg';
import { createRuntime, exampleInstanceData, startInstance } from '../../src/runtime/index.ts';

const [initUrl, orchestrationUrl, generated, domain, flow, prefix, count] = process.argv.slice(2) as [string, string, string, string, string, string, string];
const runtime = createRuntime({ domain, connection: initUrl, generated });
const pool = new pg.Pool({ connectionString: orchestrationUrl, max: Number(count) });
pool.on('error', () => {});
try {
  const results = await Promise.allSettled(Array.from({ length: Number(count) }, (_, i) => startInstance(runtime, pool, flow, `${prefix}-${i}`, { ...exampleInstanceData(runtime, flow, `${prefix}-${i}`), n: i })));
  const failed = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
  process.stdout.write(JSON.stringify({ started: results.length - failed.length, failed }));
} finally {
  await pool.end();
  await runtime.close();
}
