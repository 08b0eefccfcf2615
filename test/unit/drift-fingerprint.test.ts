import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexParts } from '../../src/drift/read/index-def.ts';
import { UNFINGERPRINTED } from '../../src/drift/read/schema-state.ts';
import { ROOT } from '../support/compile-dir.ts';

describe('what a schema fingerprint leaves out', () => {
  it('every hidden property of the catalog queries is either left out on purpose or compared', () => {
    const dir = join(ROOT, 'src', 'drift', 'read');
    const hidden = new Set<string>();
    for (const file of readdirSync(dir)) for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/'(_[a-z ]+)'/g)) hidden.add(m[1]!);
    // kept in the fingerprint: the column order and the index's CREATE statement (its key columns)
    expect([...hidden].filter((h) => !UNFINGERPRINTED.includes(h)).sort()).toEqual(['_create', '_position']);
  });
});

describe("an index's key and INCLUDE columns from pg_get_indexdef", () => {
  it.each([
    ['CREATE UNIQUE INDEX i ON s.t USING btree (a, b)', 'btree', 'a, b', null],
    ['CREATE INDEX i ON s.t USING btree (status DESC, current_state)', 'btree', 'status DESC, current_state', null],
    ['CREATE INDEX i ON s.t USING btree (status COLLATE "C" text_pattern_ops, x) INCLUDE (key) WHERE (x > 0)', 'btree', 'status COLLATE "C" text_pattern_ops, x', 'key'],
    ['CREATE INDEX i ON s.t USING btree (lower((name)::text), ((data ->> \'a)\'::text))) INCLUDE ("we(ird""", b)', 'btree', "lower((name)::text), ((data ->> 'a)'::text))", '"we(ird""", b'],
    ['CREATE INDEX i ON s.t USING hash (status)', 'hash', 'status', null],
    ['CREATE INDEX "USING btree (" ON s.t USING gin (doc)', 'gin', 'doc', null],
  ])('%s', (definition, method, key, include) => {
    expect(indexParts(definition, method)).toEqual({ key, include });
  });
});

describe('the order of a fix script', () => {
  it('event triggers go first; functions get their expected bodies before anything that evaluates expressions', async () => {
    const { STEP } = await import('../../src/drift/fix/types.ts');
    const steps = Object.values(STEP);
    expect(Math.min(...steps)).toBe(STEP.eventTrigger);
    for (const later of [STEP.type, STEP.column, STEP.constraint, STEP.foreignKey, STEP.index, STEP.dropColumn, STEP.dropIndexConstraint]) expect(STEP.routineBody).toBeLessThan(later);
  });
});
