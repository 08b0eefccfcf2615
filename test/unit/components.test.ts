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
  Workflows: 'workflow-definition.schema.json',
  Tasks: 'task-definition.schema.json',
  Views: 'view-definition.schema.json',
  Functions: 'function-definition.schema.json',
  Extensions: 'extension-definition.schema.json',
  Schemas: 'schema-definition.schema.json',
};

// The workflow schema is draft 2019-09; the others are draft-07, which Ajv's 2019 build also reads.
function validator(kind: string) {
  const ajv = kind === 'Workflows' ? new Ajv2019({ strict: false, allErrors: true }) : new Ajv({ strict: false, allErrors: true });
  const schema = JSON.parse(readFileSync(join(SCHEMAS, SCHEMA_OF[kind]!), 'utf8'));
  return ajv.compile(schema);
}

const files = listFiles(join(ROOT, 'generated')).filter((p) => /\/vnext\/[A-Z]/.test(p));

describe('vNext component JSON', () => {
  it('is written for every example task, view, function and extension', () => {
    expect(files.filter((p) => !/\/vnext\/(Workflows|Schemas)\//.test(p))).toEqual([
      'notification/vnext/Extensions/dispatch-metrics.json',
      'notification/vnext/Functions/delivery-status.json',
      'notification/vnext/Tasks/send-sms.json',
      'notification/vnext/Views/dispatch-summary.json',
    ]);
  });

  it('is written for every example flow', () => {
    expect(files.filter((p) => p.includes('/vnext/Workflows/'))).toEqual([
      'idm/vnext/Workflows/user-registration.json',
      'notification/vnext/Workflows/notification-dispatch.json',
      'onboarding/vnext/Workflows/customer-onboarding.json',
      'onboarding/vnext/Workflows/document-approval.json',
      'payment/vnext/Workflows/payment-process.json',
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
    const validate = validator('Workflows');
    const doc = JSON.parse(readFileSync(join(ROOT, 'generated', files.find((f) => f.includes('/Workflows/'))!), 'utf8'));
    doc.attributes.states[0].labels = [];
    expect(validate(doc)).toBe(false);
  });
});
