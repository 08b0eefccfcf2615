// A child process that starts applying a flow's migrations and is killed mid-way by the test.
// Usage: node --import tsx hold-migration.ts <initUrl> <generated> <domain> <flow>
import { createRuntime } from '../../src/runtime/index.ts';

const [url, generated, domain, flow] = process.argv.slice(2) as [string, string, string, string];
const runtime = createRuntime({ domain, connection: url, generated });
await runtime.ensureFlowSchema(flow);
await runtime.close();
process.stdout.write('done');
