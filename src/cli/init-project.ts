import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tsCodeText, tsString } from '../codegen/ts-escape.ts';

/** What `flowschema init` did to one file. */
export interface InitStep {
  readonly file: string;
  readonly action: 'created' | 'replaced' | 'kept' | 'updated';
}

const SCRIPTS: Readonly<Record<string, string>> = {
  compile: 'flowschema compile',
  check: 'flowschema compile --check',
  up: 'flowschema up',
  drift: 'flowschema drift',
};

const IGNORED = ['node_modules/', '.flowschema/'];

/**
 * The files of a new flowschema project in `root` (an empty or an existing
 * project): a sample domain and flow, package.json scripts, .gitignore
 * entries and a GitHub Actions workflow. A file that exists is kept unless
 * `force`; package.json and .gitignore only get what they lack. `domain`
 * names a folder (the caller checked it is a domain name) and is written
 * into the definitions as a TypeScript string.
 */
export function scaffoldProject(root: string, domain: string, force: boolean): InitStep[] {
  const steps: InitStep[] = [];
  const write = (file: string, text: string): void => {
    const path = join(root, file);
    const exists = existsSync(path);
    if (!exists || force) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
    steps.push({ file, action: !exists ? 'created' : force ? 'replaced' : 'kept' });
  };
  write(`definitions/${domain}/domain.ts`, `import { defineDomain } from 'flowschema';\n\nexport default defineDomain({ name: ${tsCodeText(tsString(domain))} });\n`);
  write(`definitions/${domain}/order.flow.ts`, sampleFlow(domain));
  write('.github/workflows/flowschema.yml', WORKFLOW);

  const pkgPath = join(root, 'package.json');
  const hadPackage = existsSync(pkgPath);
  const pkg: { scripts?: Record<string, string> } = hadPackage ? JSON.parse(readFileSync(pkgPath, 'utf8')) : { name: domain, private: true, type: 'module' };
  const scripts = { ...(pkg.scripts ?? {}) };
  const added = Object.entries(SCRIPTS).filter(([name]) => force || scripts[name] === undefined);
  if (!hadPackage || added.length) {
    for (const [name, command] of added) scripts[name] = command;
    writeFileSync(pkgPath, `${JSON.stringify({ ...pkg, scripts }, null, 2)}\n`);
    steps.push({ file: 'package.json', action: hadPackage ? 'updated' : 'created' });
  } else steps.push({ file: 'package.json', action: 'kept' });

  const ignorePath = join(root, '.gitignore');
  const ignore = existsSync(ignorePath) ? readFileSync(ignorePath, 'utf8') : '';
  const lines = new Set(ignore.split('\n').map((l) => l.trim()));
  const missing = IGNORED.filter((l) => !lines.has(l) && !lines.has(l.replace(/\/$/, '')));
  if (missing.length) {
    writeFileSync(ignorePath, `${ignore}${ignore === '' || ignore.endsWith('\n') ? '' : '\n'}${missing.join('\n')}\n`);
    steps.push({ file: '.gitignore', action: ignore === '' ? 'created' : 'updated' });
  } else steps.push({ file: '.gitignore', action: 'kept' });
  return steps;
}

function sampleFlow(domain: string): string {
  return `import { defineFlow, sql } from 'flowschema';

// A first flow: its states, and the tables its schema holds. \`flowschema compile\`
// turns it into generated/ (migrations, a typed client, vNext JSON).
export default defineFlow({
  key: 'order',
  domain: ${tsCodeText(tsString(domain))},
  version: '1.0.0',
  states: {
    placed: { type: 'initial', transitions: { pay: 'paid', cancel: 'cancelled' } },
    paid: { type: 'final' },
    cancelled: { type: 'final' },
  },
  tables: {
    lines: {
      columns: {
        id: { type: 'uuid', primaryKey: true, default: sql('gen_random_uuid()') },
        instanceId: { type: 'uuid', references: { table: 'instances', onDelete: 'cascade' } }, // the order a line belongs to
        sku: { type: 'text' },
        quantity: { type: 'integer', default: 1 },
      },
      checks: { positive_quantity: 'quantity > 0' },
    },
  },
});
`;
}

/** CI: the generated files are current (and apply), then a real database gets them, then drift finds nothing. */
const WORKFLOW = `name: flowschema
on: [push, pull_request]
jobs:
  schema:
    runs-on: ubuntu-latest
    services:
      postgres:
        image: postgres:15
        env:
          POSTGRES_PASSWORD: postgres
        ports: ['5432:5432']
        options: >-
          --health-cmd pg_isready --health-interval 5s --health-timeout 5s --health-retries 10
    env:
      DATABASE_URL: postgres://postgres:postgres@localhost:5432/postgres
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci
      - run: npx flowschema compile --check --verify
      - run: npx flowschema up
      - run: npx flowschema drift --format github
`;
