import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../../src/db/index.ts';
import { flowschema, scratchProject } from '../support/cli.ts';
import { ROOT } from '../support/compile-dir.ts';
import { serverUrl } from '../support/db.ts';

const DATABASES = ['idm_db', 'notification_db', 'onboarding_db', 'payment_db'];

describe('flowschema up, start, status (DATABASE_URL)', () => {
  let project: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    project = scratchProject(join(ROOT, 'definitions'));
    cpSync(join(ROOT, 'generated'), join(project, 'generated'), { recursive: true });
    env = { DATABASE_URL: serverUrl(), FLOWSCHEMA_ROLE_PASSWORD: 'pw' };
    for (const db of DATABASES) await dropDatabase(serverUrl(), db);
  });
  afterAll(async () => {
    for (const db of DATABASES) await dropDatabase(serverUrl(), db);
    rmSync(project, { recursive: true, force: true });
  });

  it('up creates each domain database with its system schemas; flow schemas wait for their first start', () => {
    const run = flowschema(['up'], project, env);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      'generated is up to date (30 files)',
      'PostgreSQL: DATABASE_URL',
      'domain idm: database idm_db, system schemas ready, 1 definition(s) deployed (0 unchanged), 0 migration(s) applied by upgrade',
      'domain notification: database notification_db, system schemas ready, 5 definition(s) deployed (0 unchanged), 0 migration(s) applied by upgrade',
      'domain onboarding: database onboarding_db, system schemas ready, 2 definition(s) deployed (0 unchanged), 0 migration(s) applied by upgrade',
      'domain payment: database payment_db, system schemas ready, 1 definition(s) deployed (0 unchanged), 0 migration(s) applied by upgrade',
    ]);
    expect(lines).toContain('onboarding    customer_onboarding    flow    1.2.0    no       0        -');
    expect(lines).toContain('onboarding    sys_schemas            system  0.1.0    yes      1        -');
  });

  it('start creates the flow schema on the first instance and prints the instance; a duplicate key is refused', () => {
    const run = flowschema(['start', 'customer-onboarding', '--key', 'c-1', '--data', '{"email":"a@b.c"}'], project, env);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ key: 'c-1', flow: 'customer-onboarding', flowVersion: '1.2.0', currentState: 'collect-info', status: 'active', data: { email: 'a@b.c' } });
    const again = flowschema(['start', 'customer-onboarding', '--key', 'c-1'], project, env);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe("flowschema: flow customer-onboarding already has an instance with key 'c-1'\n");
    const bad = flowschema(['start', 'customer-onboarding', '--data', '{oops'], project, env);
    expect(bad.status).toBe(2);
    const unknown = flowschema(['start', 'nope'], project, env);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe("flowschema: no flow 'nope' in generated\n");
  });

  it('status --json lists applied and pending migrations per schema', () => {
    const run = flowschema(['status', '--json'], project, env);
    expect(run.status).toBe(0);
    const schemas = JSON.parse(run.stdout).schemas as { domain: string; schema: string; created: boolean; applied: string[]; pending: string[] }[];
    expect(schemas.find((s) => s.schema === 'customer_onboarding')).toMatchObject({ domain: 'onboarding', created: true, applied: ['0001_1.0.0', '0002_1.1.0', '0003_1.2.0'], pending: [] });
    expect(schemas.find((s) => s.schema === 'document_approval')).toMatchObject({ created: false, applied: [] });
    expect(schemas.filter((s) => s.domain === 'payment').map((s) => s.schema)).toEqual(['sys_flows', 'sys_views', 'sys_functions', 'sys_tasks', 'sys_extensions', 'sys_schemas', 'payment_process']);
  });
});
