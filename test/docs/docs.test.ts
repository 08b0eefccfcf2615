import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTree } from '../../src/cli/files.ts';
import { compile } from '../../src/compile.ts';
import { ROOT } from '../support/compile-dir.ts';

/**
 * What the README and docs/ show must work as written. Code blocks are read
 * from the Markdown itself:
 * - every `flowschema …` line (also after `npx`, `npm run flowschema --`
 *   or environment assignments) names a command the CLI has and only
 *   options that command takes (its --help, from the real parser);
 * - every `npm …` line names a script package.json has (or npm's own ci);
 * - every ts block made of `// definitions/<file>` sections compiles
 *   (those files, beside this repository's definitions/shared, and a
 *   domain.ts for a domain the block does not show) with no error;
 * - every `import … from 'flowschema…'` names what that entry exports.
 * Other blocks (output, tables, SQL) are illustrative: the tests of each
 * command assert their exact text.
 */
const files = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const blocks = files.flatMap((file) => {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ file, lang: m[1]!, body: m[2]!, line: text.slice(0, m.index).split('\n').length }));
});

const commandLines = blocks.flatMap((b) =>
  b.body
    .split('\n')
    .map((line, i) => ({ where: `${b.file}:${b.line + i + 1}`, line: line.replace(/\s+#.*$/, '') }))
    .filter(({ line }) => /^(?:[A-Z_]+=\S+ )*(?:npx |npm run flowschema -- )?flowschema \w/.test(line)),
);

function help(command: string): string {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin/flowschema.js'), ...command.split(' '), '--help'], { encoding: 'utf8' });
  return run.stdout;
}

describe('the README and docs/', () => {
  it('every flowschema command line names a real command and only its options', () => {
    expect(commandLines.length).toBeGreaterThan(20);
    const helps = new Map<string, string>();
    const problems: string[] = [];
    for (const { where, line } of commandLines) {
      const words = line.replace(/^(?:[A-Z_]+=\S+ )*(?:npx |npm run flowschema -- )?flowschema /, '').split(/\s+/);
      const command = words[0]!;
      const key = command === 'db' ? 'db start' : command;
      if (!helps.has(key)) helps.set(key, help(key));
      const text = helps.get(key)!;
      // A command's own help starts with its usage line; an unknown one prints the general help.
      if (!text.startsWith(`flowschema ${command}`)) {
        problems.push(`${where}: no command ${command}`);
        continue;
      }
      for (const option of line.match(/--[a-z][a-z-]*/g) ?? []) if (option !== '--help' && !new RegExp(`\\s${option}\\b`).test(text)) problems.push(`${where}: ${command} has no option ${option}`);
    }
    expect(problems).toEqual([]);
  });

  it('every npm command names a script package.json has', () => {
    const scripts = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
    const named = blocks.flatMap((b) => [...b.body.matchAll(/\bnpm (?:run )?([a-z][\w:-]*)/g)].map((m) => ({ file: b.file, script: m[1]! })));
    expect(named.length).toBeGreaterThan(2);
    for (const { file, script } of named) if (!['ci', 'i', 'install', 'pack', 'run'].includes(script)) expect(scripts, `${file}: npm ${script}`).toContain(script);
  });

  it('every definitions example compiles as shown', () => {
    const shared = [...readTree(join(ROOT, 'definitions', 'shared'), (p) => p.endsWith('.ts'))].map(([rel, text]) => [`definitions/shared/${rel}`, text] as const);
    const examples = blocks.filter((b) => b.lang === 'ts' && /^\/\/ definitions\//.test(b.body));
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const example of examples) {
      const sources = new Map<string, string>(shared);
      for (const section of example.body.split(/^(?=\/\/ definitions\/)/m)) sources.set(/^\/\/ (\S+)/.exec(section)![1]!, section);
      // An example of one component (a task) lives in a domain the example does not show.
      for (const path of [...sources.keys()]) {
        const domain = /^definitions\/([a-z0-9-]+)\//.exec(path)?.[1];
        if (domain && domain !== 'shared' && !sources.has(`definitions/${domain}/domain.ts`))
          sources.set(`definitions/${domain}/domain.ts`, `import { defineDomain } from 'flowschema';\nexport default defineDomain({ name: '${domain}' });\n`);
      }
      const errors = compile(sources).diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => `${example.file}:${example.line}: ${d.code} ${d.message}`)).toEqual([]);
    }
  });

  it('every import from flowschema names an export of that entry', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, { default: string } | string> };
    const imports = blocks.flatMap((b) => [...b.body.matchAll(/^import \{([^}]*)\} from '(flowschema[^']*)'/gm)].map((m) => ({ file: b.file, names: m[1]!.split(',').map((n) => n.trim().replace(/^type /, '')).filter(Boolean), entry: m[2]! })));
    expect(imports.length).toBeGreaterThanOrEqual(4);
    for (const { file, names, entry } of imports) {
      const target = pkg.exports[entry === 'flowschema' ? '.' : `./${entry.slice('flowschema/'.length)}`];
      expect(target, `${file}: ${entry} is not an entry of the package`).toBeDefined();
      const source = join(ROOT, (typeof target === 'string' ? target : target!.default).replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
      const loaded = (await import(source)) as Record<string, unknown>;
      for (const name of names) expect(loaded[name], `${file}: ${entry} exports no ${name}`).toBeDefined();
    }
  });

  it('every link to a file of the repository leads to one, and nothing points outside it', () => {
    const broken: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const m of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/.test(target)) continue; // a web address
        const resolved = join(ROOT, dirname(file), target);
        if (!resolved.startsWith(`${ROOT}/`) && resolved !== ROOT) broken.push(`${file}: ${target} is outside the repository`);
        else if (!existsSync(resolved)) broken.push(`${file}: ${target} does not exist`);
      }
    }
    expect(broken).toEqual([]);
  });
});
