import { appendFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, readTree } from '../../src/cli/files.ts';
import { flowschema, scratchProject } from '../support/cli.ts';
import { ROOT } from '../support/compile-dir.ts';

describe('flowschema compile', () => {
  it('the committed generated/ is exactly what definitions/ produce', () => {
    const run = flowschema(['compile', '--check'], ROOT);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('generated is up to date (44 files)\n');
    expect(run.status).toBe(0);
  });

  it('writes the tree, then a second run writes nothing and touches no file', () => {
    const project = scratchProject(join(ROOT, 'definitions'));
    try {
      const first = flowschema(['compile'], project);
      expect(first.status).toBe(0);
      expect(first.stdout.split('\n').at(-2)).toBe('42 created, 0 updated, 0 removed, 0 unchanged');
      // Without history, customer-onboarding starts at its current version: one migration each.
      expect(listFiles(join(project, 'generated')).filter((p) => p.endsWith('.sql'))).toEqual([
        'idm/flows/user_registration/migrations/0001_2.0.1.sql',
        'notification/flows/notification_dispatch/migrations/0001_1.0.0.sql',
        'onboarding/flows/customer_onboarding/migrations/0001_1.2.0.sql',
        'onboarding/flows/document_approval/migrations/0001_1.0.0.sql',
        'payment/flows/payment_process/migrations/0001_3.1.0.sql',
      ]);
      const mtimes = listFiles(join(project, 'generated')).map((p) => statSync(join(project, 'generated', p)).mtimeMs);
      const second = flowschema(['compile'], project);
      expect(second.status).toBe(0);
      expect(second.stdout).toBe('generated is up to date (42 files); nothing written\n');
      expect(listFiles(join(project, 'generated')).map((p) => statSync(join(project, 'generated', p)).mtimeMs)).toEqual(mtimes);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('--check lists differing and extra files, exits 1 and writes nothing', () => {
    const project = scratchProject(join(ROOT, 'definitions'));
    try {
      expect(flowschema(['compile'], project).status).toBe(0);
      const gen = join(project, 'generated');
      appendFileSync(join(gen, 'payment/manifest.json'), ' ');
      appendFileSync(join(gen, 'idm/flows/user_registration/snapshot.json'), '\n');
      // A file at a layout path that the definitions no longer produce (a retired task's component): flowschema's, so stale.
      mkdirSync(join(gen, 'idm/vnext/Tasks'));
      writeFileSync(join(gen, 'idm/vnext/Tasks/retired.json'), '{}\n');
      const before = readTree(gen);
      const run = flowschema(['compile', '--check'], project);
      expect(run.status).toBe(1);
      expect(run.stdout).toBe(
        [
          'differs: generated/idm/flows/user_registration/snapshot.json',
          'differs: generated/payment/manifest.json',
          'extra:   generated/idm/vnext/Tasks/retired.json',
          'generated is not what the definitions produce: run flowschema compile',
          '',
        ].join('\n'),
      );
      expect(readTree(gen)).toEqual(before);
      const fix = flowschema(['compile'], project);
      expect(fix.stdout).toBe(
        [
          'updated  generated/idm/flows/user_registration/snapshot.json',
          'updated  generated/payment/manifest.json',
          'removed  generated/idm/vnext/Tasks/retired.json',
          '0 created, 2 updated, 1 removed, 40 unchanged',
          '',
        ].join('\n'),
      );
      // The emptied folder goes with it.
      expect(existsSync(join(gen, 'idm/vnext/Tasks'))).toBe(false);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('a file outside the layout is foreign: --check and compile refuse, list it and keep it', () => {
    const project = scratchProject(join(ROOT, 'definitions'));
    try {
      expect(flowschema(['compile'], project).status).toBe(0);
      const gen = join(project, 'generated');
      writeFileSync(join(gen, 'idm/stray.sql'), 'select 1;\n');
      appendFileSync(join(gen, 'payment/manifest.json'), ' ');
      const before = readTree(gen);
      for (const args of [['compile', '--check'], ['compile']]) {
        const run = flowschema(args, project);
        expect(run.stdout).toBe('');
        expect(run.stderr).toBe(
          [
            'foreign: generated/idm/stray.sql',
            'flowschema: generated holds 1 file(s) flowschema did not write (listed above as foreign:); compile never overwrites or removes them: move them out of generated, or choose an empty or new --out folder',
            '',
          ].join('\n'),
        );
        expect(run.status).toBe(1);
        expect(readTree(gen)).toEqual(before);
      }
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('the component file of a removed task is removed', () => {
    const project = scratchProject(join(ROOT, 'definitions'));
    try {
      expect(flowschema(['compile'], project).status).toBe(0);
      rmSync(join(project, 'definitions/notification/send-sms.task.ts'));
      const check = flowschema(['compile', '--check'], project);
      expect(check.stdout).toBe('differs: generated/notification/vnext/vnext.config.json\nextra:   generated/notification/vnext/Tasks/send-sms.json\ngenerated is not what the definitions produce: run flowschema compile\n');
      expect(check.status).toBe(1);
      const run = flowschema(['compile'], project);
      expect(run.stdout).toBe('updated  generated/notification/vnext/vnext.config.json\nremoved  generated/notification/vnext/Tasks/send-sms.json\n0 created, 1 updated, 1 removed, 40 unchanged\n');
      expect(run.status).toBe(0);
      expect(existsSync(join(project, 'generated/notification/vnext/Tasks'))).toBe(false);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('with a warm cache, an edited client or component is still reported and rewritten', () => {
    const project = scratchProject(join(ROOT, 'definitions'));
    try {
      expect(flowschema(['compile'], project).status).toBe(0);
      appendFileSync(join(project, 'generated/payment/flows/payment_process/client.ts'), '// edited\n');
      appendFileSync(join(project, 'generated/payment/vnext/Workflows/payment-process.json'), ' ');
      const check = flowschema(['compile', '--check'], project);
      expect(check.status).toBe(1);
      expect(check.stdout.split('\n').slice(0, 2)).toEqual([
        'differs: generated/payment/flows/payment_process/client.ts',
        'differs: generated/payment/vnext/Workflows/payment-process.json',
      ]);
      expect(flowschema(['compile'], project).stdout.split('\n').at(-2)).toBe('0 created, 2 updated, 0 removed, 40 unchanged');
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('with a bad definition: prints every diagnostic, exits 1, writes nothing at all', () => {
    const project = scratchProject(join(ROOT, 'definitions'));
    try {
      expect(flowschema(['compile'], project).status).toBe(0);
      const before = readTree(join(project, 'generated'));
      const flow = join(project, 'definitions/payment/payment-process.flow.ts');
      writeFileSync(flow, readTreeFile(flow).replace("version: '3.1.0'", "version: '3.2.0'").replace("type: 'enum', values: ['debit', 'credit']", "type: 'enum', values: ['debit', 'debit']").replace("{ code: 'EFT', rate: 0, fixedCents: 250 }", "{ code: 'EFT', rate: 0, fixedCents: 250, typo: 1 }"));
      const run = flowschema(['compile'], project);
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        [
          "definitions/payment/payment-process.flow.ts:34:54: error FS1406: enum column 'ledgerEntries.direction' lists 'debit' twice",
          '  hint: remove the duplicate',
          "definitions/payment/payment-process.flow.ts:55:48: error FS1602: a seed row of 'fees' sets 'typo', which is not a column of the table",
          '  hint: columns: code, rate, fixedCents, currencies',
          '2 error(s), 0 warning(s)',
          '',
        ].join('\n'),
      );
      expect(readTree(join(project, 'generated'))).toEqual(before);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('an error in a fresh project creates no generated/ folder', () => {
    const project = scratchProject(join(ROOT, 'test/diagnostics/many-errors-together/definitions'));
    try {
      const run = flowschema(['compile'], project);
      expect(run.status).toBe(1);
      expect(run.stderr.split('\n').at(-2)).toBe('6 error(s), 0 warning(s)');
      expect(existsSync(join(project, 'generated'))).toBe(false);
      expect(readdirSync(project)).toEqual(['definitions']);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('bad usage exits 2', () => {
    const unknown = flowschema(['compile', '--bogus'], ROOT);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unknown argument: bogus');
    const none = flowschema([], ROOT);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('name a command');
    const missing = flowschema(['compile', '--definitions', 'no/such/dir'], ROOT);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('flowschema: definitions folder not found: no/such/dir\n');
  });
});

function readTreeFile(path: string): string {
  return readTree(join(path, '..'), (p) => p === path.split('/').at(-1)).get(path.split('/').at(-1)!)!;
}

describe('flowschema compile: damaged history', () => {
  it('a missing snapshot, an edited migration and an unlisted migration are errors, and nothing is written', () => {
    const project = scratchProject(join(ROOT, 'definitions'));
    try {
      expect(flowschema(['compile'], project).status).toBe(0);
      const gen = join(project, 'generated');
      rmSync(join(gen, 'idm/flows/user_registration/snapshot.json'));
      appendFileSync(join(gen, 'payment/flows/payment_process/migrations/0001_3.1.0.sql'), '-- hotfix\n');
      writeFileSync(join(gen, 'payment/flows/payment_process/migrations/0002_9.9.9.sql'), 'select 1;\n');
      const before = readTree(gen);
      const run = flowschema(['compile'], project);
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(
        [
          'generated/idm/flows/user_registration/snapshot.json:1:1: error FS2007: the snapshot the manifest names is missing',
          '  hint: restore it from version control (git checkout), then compile again',
          'generated/payment/flows/payment_process/migrations/0001_3.1.0.sql:1:1: error FS2003: migration 0001_3.1.0 of schema payment_process was edited after it was generated (its sha256 no longer matches the manifest)',
          '  hint: restore the file (git checkout): databases may have applied it already; change the definition and bump the version instead',
          "generated/payment/flows/payment_process/migrations/0002_9.9.9.sql:1:1: error FS2006: this migration file is not listed in its domain's manifest",
          '  hint: restore the manifest from version control; delete the file only if no database ever applied it',
          '3 error(s), 0 warning(s)',
          '',
        ].join('\n'),
      );
      expect(readTree(gen)).toEqual(before);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
