import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import { readTree } from '../../src/files.ts';
import { roundTrip } from '../../src/import/round-trip.ts';
import { formatDiagnostic } from '../../src/model/index.ts';
import { ROOT } from '../support/compile-dir.ts';

/**
 * The round-trip corpus (test/fixtures/vnext-corpus, SOURCE.md there): 28
 * workflows and the 104 components they use, written in the platform's
 * format the way hand-written vNext projects are (explicit nulls, scripts
 * with type and encoding, `from` on transitions…). Every one is imported,
 * compiled and compared; the three q* folders hold quirks real projects
 * have, and what they give is pinned.
 */
const CORPUS = join(ROOT, 'test/fixtures/vnext-corpus');
const inputs = [...readTree(CORPUS, (p) => p.endsWith('.json'))].map(([path, text]) => ({ path, text }));
const SCHEMAS = join(ROOT, 'test/fixtures/vnext-schemas');
const options = { strict: false, allErrors: true, logger: false } as const;
const FOLDER_SCHEMA: Record<string, [Ajv | Ajv2019, string]> = {
  Workflows: [new Ajv2019(options), 'workflow-definition.schema.json'],
  Tasks: [new Ajv(options), 'task-definition.schema.json'],
  Views: [new Ajv(options), 'view-definition.schema.json'],
  Functions: [new Ajv(options), 'function-definition.schema.json'],
  Extensions: [new Ajv(options), 'extension-definition.schema.json'],
  Schemas: [new Ajv(options), 'schema-definition.schema.json'],
  Mappings: [new Ajv(options), 'mapping-definition.schema.json'],
};

function schemaProblems(path: string, text: string): string[] {
  const folder = /(?:^|\/)([A-Z][a-z]+)\/[^/]+\.json$/.exec(path)![1]!;
  const [ajv, file] = FOLDER_SCHEMA[folder]!;
  if (!ajv.getSchema(file)) ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')), file);
  const validate = ajv.getSchema(file)!;
  return validate(JSON.parse(text)) ? [] : (validate.errors ?? []).map((e) => `${path}${e.instancePath}: ${e.message}`);
}

describe('the round-trip corpus', () => {
  const report = roundTrip(inputs);

  it('holds 28 workflows and 104 components, valid against the platform schemas but for q01 (no flowVersion)', () => {
    expect(inputs.filter((i) => i.path.includes('/Workflows/')).length).toBe(28);
    expect(inputs.length).toBe(132);
    expect(inputs.flatMap((i) => schemaProblems(i.path, i.text))).toEqual(["q01-no-flow-version/Workflows/q01-no-flow-version.json: must have required property 'flowVersion'"]);
  });

  it('imports with a warning for each thing left out or changed, and compiles', () => {
    expect(report.imported.diagnostics.map((d) => `${d.file}: ${d.path}`)).toEqual([
      'q01-no-flow-version/Workflows/q01-no-flow-version.json: $.flowVersion',
      'q02-auto-without-rule/Workflows/q02-auto-without-rule.json: $.attributes.states[0].transitions[0].triggerType',
      'q03-long-poll-interaction/Workflows/q03-long-poll-interaction.json: $._comment',
      'q03-long-poll-interaction/Workflows/q03-long-poll-interaction.json: $.attributes.states[0]._comment',
    ]);
    expect(report.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
  });

  it('round-trips 130 of 132 exactly; the two that differ are the quirks, where they differ', () => {
    const differing = report.entries.filter((e) => e.result !== 'exact').map((e) => [e.component.source, e.result, ...e.differences]);
    expect(differing).toEqual([
      ['q01-no-flow-version/Workflows/q01-no-flow-version.json', 'different', '.flowVersion: absent ≠ "1.0.0"'],
      ['q02-auto-without-rule/Workflows/q02-auto-without-rule.json', 'different', '.attributes.states[0].transitions[0].triggerKind: absent ≠ 10'],
    ]);
    expect(report.entries.filter((e) => e.result === 'exact').length).toBe(130);
  });

  it('every component compile writes from the imported definitions validates against the platform schema of its kind', () => {
    const written = [...report.files].filter(([path]) => /\/vnext\/[A-Z]/.test(path));
    expect(written.length).toBe(132);
    expect(written.flatMap(([path, text]) => schemaProblems(path, text))).toEqual([]);
  });
});
