import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../../src/cli/files.ts';
import { ROOT } from '../support/compile-dir.ts';

/**
 * Every component JSON the compiler wrote validates against the real vNext
 * JSON Schemas (copied from ../shared/reference/vnext/schemas into
 * test/fixtures/vnext-schemas; see SOURCE.md there).
 */
const SCHEMAS = join(ROOT, 'test/fixtures/vnext-schemas');
const SCHEMA_OF: Record<string, string> = {
  flows: 'workflow-definition.schema.json',
  tasks: 'task-definition.schema.json',
  views: 'view-definition.schema.json',
  functions: 'function-definition.schema.json',
  extensions: 'extension-definition.schema.json',
};

// The workflow schema is draft 2019-09; the others are draft-07, which Ajv's 2019 build also reads.
function validator(kind: string) {
  const ajv = kind === 'flows' ? new Ajv2019({ strict: false, allErrors: true }) : new Ajv({ strict: false, allErrors: true });
  const schema = JSON.parse(readFileSync(join(SCHEMAS, SCHEMA_OF[kind]!), 'utf8'));
  return ajv.compile(schema);
}

const files = listFiles(join(ROOT, 'generated')).filter((p) => p.includes('/components/'));

describe('vNext component JSON', () => {
  it('is written for every example task, view, function and extension', () => {
    expect(files.filter((p) => !p.includes('/components/flows/'))).toEqual([
      'notification/components/extensions/dispatch-metrics.json',
      'notification/components/functions/delivery-status.json',
      'notification/components/tasks/send-sms.json',
      'notification/components/views/dispatch-summary.json',
    ]);
  });

  it('is written for every example flow', () => {
    expect(files.filter((p) => p.includes('/components/flows/'))).toEqual([
      'idm/components/flows/user-registration.json',
      'notification/components/flows/notification-dispatch.json',
      'onboarding/components/flows/customer-onboarding.json',
      'onboarding/components/flows/document-approval.json',
      'payment/components/flows/payment-process.json',
    ]);
  });

  for (const file of files) {
    it(`${file} validates against its vNext schema`, () => {
      const kind = file.split('/')[2]!;
      const validate = validator(kind);
      const ok = validate(JSON.parse(readFileSync(join(ROOT, 'generated', file), 'utf8')));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    });
  }

  it('the validator is not vacuous: a state without labels is refused', () => {
    const validate = validator('flows');
    const doc = JSON.parse(readFileSync(join(ROOT, 'generated', files[0]!), 'utf8'));
    doc.attributes.states[0].labels = [];
    expect(validate(doc)).toBe(false);
  });
});
