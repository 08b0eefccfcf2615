import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOwnedPath } from '../../src/artifacts/layout.ts';
import { flowschema, scratchProject } from '../support/cli.ts';
import { ROOT } from '../support/compile-dir.ts';

/**
 * `compile --out <dir>` writes and removes only files of flowschema's own
 * layout: an output folder that is, holds or lies inside the definitions, or
 * that holds files flowschema did not write, is refused before anything is
 * written or removed; links are never followed.
 */

/** Every entry under `dir`, dot-files included: files with the sha256 of their bytes, links with their target. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const stat = lstatSync(join(dir, path));
      if (stat.isSymbolicLink()) out.set(path, `-> ${readlinkSync(join(dir, path))}`);
      else if (stat.isDirectory()) {
        out.set(`${path}/`, '');
        walk(path);
      } else out.set(path, createHash('sha256').update(readFileSync(join(dir, path))).digest('hex'));
    }
  };
  walk('');
  return out;
}

const FIX = "choose an output folder apart from the definitions, such as generated";

function foreignRefusal(out: string, count: number): string {
  return `flowschema: ${out} holds ${count} file(s) flowschema did not write (listed above as foreign:); compile never overwrites or removes them: move them out of ${out}, or choose an empty or new --out folder`;
}

describe('compile refuses an output folder that is or holds the definitions', () => {
  it('compile --out . in a project refuses and deletes nothing: the definitions stay byte for byte', () => {
    const project = scratchProject(join(ROOT, 'definitions'));
    try {
      const before = snapshot(project);
      const run = flowschema(['compile', '--out', '.'], project);
      expect(snapshot(project)).toEqual(before);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`flowschema: --out . contains the definitions folder definitions: ${FIX}\n`);
      expect(run.status).toBe(2);
      // --check and plan read the same folder as history: refused the same way.
      expect(flowschema(['compile', '--out', '.', '--check'], project).status).toBe(2);
      expect(flowschema(['plan', '--out', '.'], project).status).toBe(2);
      expect(snapshot(project)).toEqual(before);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('--out definitions and --out definitions/sub are refused', () => {
    const project = scratchProject(join(ROOT, 'definitions'));
    try {
      const before = snapshot(project);
      const same = flowschema(['compile', '--out', 'definitions'], project);
      expect(same.stderr).toBe(`flowschema: --out definitions is the definitions folder definitions: ${FIX}\n`);
      expect(same.status).toBe(2);
      const inside = flowschema(['compile', '--out', 'definitions/sub'], project);
      expect(inside.stderr).toBe(`flowschema: --out definitions/sub is inside the definitions folder definitions: ${FIX}\n`);
      expect(inside.status).toBe(2);
      // The same folders spelled otherwise: trailing slash, absolute path.
      expect(flowschema(['compile', '--out', 'definitions/'], project).status).toBe(2);
      expect(flowschema(['compile', '--out', join(project, 'definitions/idm')], project).status).toBe(2);
      expect(snapshot(project)).toEqual(before);
      expect(existsSync(join(project, 'definitions/sub'))).toBe(false);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('an --out that is a file is refused, and the file kept', () => {
    const project = scratchProject(join(ROOT, 'definitions'));
    try {
      writeFileSync(join(project, 'notes.txt'), 'mine\n');
      const before = snapshot(project);
      const run = flowschema(['compile', '--out', 'notes.txt'], project);
      expect(run.stderr).toBe('flowschema: --out notes.txt is not a folder: choose an output folder, such as generated\n');
      expect(run.status).toBe(2);
      expect(snapshot(project)).toEqual(before);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('an output folder reached through a link into the definitions is refused', () => {
    const project = scratchProject(join(ROOT, 'definitions'));
    try {
      symlinkSync(join(project, 'definitions'), join(project, 'out-link'));
      const before = snapshot(project);
      const run = flowschema(['compile', '--out', 'out-link'], project);
      expect(run.stderr).toBe(`flowschema: --out out-link is the definitions folder definitions: ${FIX}\n`);
      expect(run.status).toBe(2);
      expect(snapshot(project)).toEqual(before);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});

describe('compile refuses an output folder that holds files it did not write', () => {
  it('a foreign file in generated/ is refused and kept; nothing is written', () => {
    const project = scratchProject(join(ROOT, 'definitions'));
    try {
      expect(flowschema(['compile'], project).status).toBe(0);
      const gen = join(project, 'generated');
      writeFileSync(join(gen, 'idm/notes.txt'), 'my notes\n');
      writeFileSync(join(gen, 'README.md'), '# mine\n');
      mkdirSync(join(gen, 'payment/docs'));
      writeFileSync(join(gen, 'payment/docs/a.md'), 'a\n');
      // A stale file compile would otherwise rewrite, to show nothing at all is written.
      writeFileSync(join(gen, 'idm/flows/user_registration/client.ts'), '// stale\n');
      const before = snapshot(project);
      const run = flowschema(['compile'], project);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        [
          'foreign: generated/README.md',
          'foreign: generated/idm/notes.txt',
          'foreign: generated/payment/docs/',
          foreignRefusal('generated', 3),
          '',
        ].join('\n'),
      );
      expect(run.status).toBe(1);
      expect(snapshot(project)).toEqual(before);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('--check with a foreign file reports it and exits non-zero', () => {
    const project = scratchProject(join(ROOT, 'definitions'));
    try {
      expect(flowschema(['compile'], project).status).toBe(0);
      writeFileSync(join(project, 'generated/idm/stray.sql'), 'select 1;\n');
      const before = snapshot(project);
      const run = flowschema(['compile', '--check'], project);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(['foreign: generated/idm/stray.sql', foreignRefusal('generated', 1), ''].join('\n'));
      expect(run.status).toBe(1);
      expect(snapshot(project)).toEqual(before);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('a folder of other files given as --out is refused and left as it is', () => {
    const project = scratchProject(join(ROOT, 'definitions'));
    try {
      mkdirSync(join(project, 'docs'));
      writeFileSync(join(project, 'docs/guide.md'), 'guide\n');
      writeFileSync(join(project, 'docs/.hidden'), 'dot-files are not flowschema\'s concern\n');
      const before = snapshot(project);
      const run = flowschema(['compile', '--out', 'docs'], project);
      expect(run.stderr).toBe(['foreign: docs/guide.md', foreignRefusal('docs', 1), ''].join('\n'));
      expect(run.status).toBe(1);
      expect(snapshot(project)).toEqual(before);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('a file at a layout path is not flowschema\'s unless its domain folder holds flowschema\'s manifest listing it', () => {
    const project = scratchProject(join(ROOT, 'definitions'));
    try {
      // Someone else's folder that happens to look like the layout (found by the red-team review).
      mkdirSync(join(project, 'site/app/components/views'), { recursive: true });
      writeFileSync(join(project, 'site/app/components/views/user-list.json'), '{"view":"user-list"}\n');
      mkdirSync(join(project, 'site/app/flows/users'), { recursive: true });
      writeFileSync(join(project, 'site/app/flows/users/client.ts'), 'export {};\n');
      const before = snapshot(project);
      const run = flowschema(['compile', '--out', 'site'], project);
      expect(run.stderr).toBe(
        [
          "foreign: site/app/components/views/user-list.json (no manifest of flowschema's claims it)",
          "foreign: site/app/flows/users/client.ts (no manifest of flowschema's claims it)",
          foreignRefusal('site', 2),
          '',
        ].join('\n'),
      );
      expect(run.status).toBe(1);
      expect(snapshot(project)).toEqual(before);
      // In a real output folder, a flow folder its domain's manifest does not list is not flowschema's either.
      expect(flowschema(['compile'], project).status).toBe(0);
      mkdirSync(join(project, 'generated/idm/flows/not_a_flow'), { recursive: true });
      writeFileSync(join(project, 'generated/idm/flows/not_a_flow/snapshot.json'), '{}\n');
      const again = flowschema(['compile'], project);
      expect(again.stderr).toBe(["foreign: generated/idm/flows/not_a_flow/snapshot.json (no manifest of flowschema's claims it)", foreignRefusal('generated', 1), ''].join('\n'));
      expect(existsSync(join(project, 'generated/idm/flows/not_a_flow/snapshot.json'))).toBe(true);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('a link in the output folder is not followed: neither written through nor removed', () => {
    const project = scratchProject(join(ROOT, 'definitions'));
    try {
      expect(flowschema(['compile'], project).status).toBe(0);
      const gen = join(project, 'generated');
      // A victim file and folder outside generated/, reached by links inside it.
      writeFileSync(join(project, 'victim.txt'), 'victim\n');
      mkdirSync(join(project, 'elsewhere/flows'), { recursive: true });
      writeFileSync(join(project, 'elsewhere/flows/payment-process.json'), 'victim\n');
      symlinkSync(join(project, 'victim.txt'), join(gen, 'idm/link.sql'));
      rmSync(join(gen, 'payment/vnext'), { recursive: true });
      symlinkSync(join(project, 'elsewhere'), join(gen, 'payment/vnext'));
      const before = snapshot(project);
      for (const args of [['compile'], ['compile', '--check']]) {
        const run = flowschema(args, project);
        expect(run.stderr).toBe(
          [
            'foreign: generated/idm/link.sql (a symbolic link)',
            'foreign: generated/payment/vnext (a symbolic link)',
            foreignRefusal('generated', 2),
            '',
          ].join('\n'),
        );
        expect(run.status).toBe(1);
        expect(snapshot(project)).toEqual(before);
      }
      expect(readFileSync(join(project, 'victim.txt'), 'utf8')).toBe('victim\n');
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('dot-files and a leftover temporary file of an interrupted write are not foreign', () => {
    const project = scratchProject(join(ROOT, 'definitions'));
    try {
      expect(flowschema(['compile'], project).status).toBe(0);
      const gen = join(project, 'generated');
      writeFileSync(join(gen, '.gitattributes'), '* text\n');
      writeFileSync(join(gen, 'idm/manifest.json.12345.tmp'), '{');
      const run = flowschema(['compile'], project);
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe('removed  generated/idm/manifest.json.12345.tmp\n0 created, 0 updated, 1 removed, 42 unchanged\n');
      expect(run.status).toBe(0);
      expect(readFileSync(join(gen, '.gitattributes'), 'utf8')).toBe('* text\n');
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});

describe('the layout paths flowschema owns', () => {
  it.each([
    ['idm/manifest.json', true],
    ['idm/flows/user_registration/snapshot.json', true],
    ['idm/flows/user_registration/client.ts', true],
    ['idm/flows/user_registration/migrations/0001_2.0.1.sql', true],
    ['idm/flows/user_registration/migrations/0012_1.0.0-rc.1+build.5.sql', true],
    ['notification/components/tasks/send-sms.json', true],
    ['idm/manifest.json.4242.tmp', true],
    ['manifest.json', false],
    ['idm/stray.sql', false],
    ['idm/notes.txt.4242.tmp', false],
    ['IDM/manifest.json', false],
    ['idm/flows/user-registration/client.ts', false],
    ['idm/flows/user_registration/migrations/1_2.0.1.sql', false],
    ['idm/flows/user_registration/migrations/notes.sql', false],
    ['idm/components/widgets/x.json', false],
    ['idm/components/tasks/x.json.bak', false],
    ['../idm/manifest.json', false],
    ['idm/../manifest.json', false],
  ])('%s: %s', (path, owned) => {
    expect(isOwnedPath(path)).toBe(owned);
  });
});
