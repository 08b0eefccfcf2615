import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Ajv } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import { readDefinitionSources } from '../../src/files.ts';
import { compile } from '../../src/compile.ts';
import { ROOT } from '../support/compile-dir.ts';

/**
 * The platform's package layout: each domain's components under
 * generated/<domain>/vnext/ (vnext.config.json, Workflows/, Tasks/, Views/,
 * Functions/, Extensions/, Schemas/; file name = key), every one valid
 * against the platform's own JSON Schema for its kind.
 */
const SCHEMAS = join(ROOT, 'test', 'fixtures', 'vnext-schemas'); // the platform's schemas (SOURCE.md there)
const options = { strict: false, allErrors: true, logger: false } as const;
const draft07 = new Ajv(options);
const draft2019 = new Ajv2019(options);
const BY_FOLDER: Record<string, [Ajv | Ajv2019, string]> = {
  Workflows: [draft2019, 'workflow-definition.schema.json'],
  Tasks: [draft07, 'task-definition.schema.json'],
  Views: [draft07, 'view-definition.schema.json'],
  Functions: [draft07, 'function-definition.schema.json'],
  Extensions: [draft07, 'extension-definition.schema.json'],
  Schemas: [draft07, 'schema-definition.schema.json'],
  Mappings: [draft07, 'mapping-definition.schema.json'],
};

function problems(path: string, text: string): string[] {
  const folder = /\/vnext\/([A-Z][a-z]+)\//.exec(path)?.[1];
  if (!folder) return [];
  const [ajv, file] = BY_FOLDER[folder]!;
  if (!ajv.getSchema(file)) ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')), file);
  const validate = ajv.getSchema(file)!;
  return validate(JSON.parse(text)) ? [] : (validate.errors ?? []).map((e) => `${path}${e.instancePath}: ${e.message}`);
}

const sources = readDefinitionSources;

const goldenCases = readdirSync(join(ROOT, 'test', 'golden', 'compile')).filter((c) => !c.includes('.'));
const examples = compile(sources(join(ROOT, 'definitions'), relative(ROOT, join(ROOT, 'definitions')).split(sep).join('/'))).files!;

describe('the vNext package compile writes', () => {
  it('every component of the examples and of the golden cases validates against the platform schema of its kind', () => {
    const trees = [examples, ...goldenCases.map((c) => compile(sources(join(ROOT, 'test', 'golden', 'compile', c, 'definitions'), 'definitions')).files).filter((t) => t !== undefined)];
    let checked = 0;
    const found: string[] = [];
    for (const tree of trees)
      for (const [path, text] of tree!)
        if (path.includes('/vnext/') && !path.endsWith('vnext.config.json')) {
          checked++;
          found.push(...problems(path, text));
        }
    expect(found).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });

  it('lays each domain out as the platform tooling does: vnext.config.json, a folder per kind, file name = key; each flow references its master schema', () => {
    const notification = [...examples.keys()].filter((p) => p.startsWith('notification/vnext/')).sort();
    expect(notification).toEqual([
      'notification/vnext/Extensions/dispatch-metrics.json',
      'notification/vnext/Functions/delivery-status.json',
      'notification/vnext/Schemas/notification-dispatch-master.json',
      'notification/vnext/Tasks/send-sms.json',
      'notification/vnext/Views/dispatch-summary.json',
      'notification/vnext/Workflows/notification-dispatch.json',
      'notification/vnext/vnext.config.json',
    ]);
    for (const path of notification.filter((p) => !p.endsWith('vnext.config.json'))) expect(JSON.parse(examples.get(path)!).key).toBe(path.split('/').pop()!.replace(/\.json$/, ''));
    const config = JSON.parse(examples.get('notification/vnext/vnext.config.json')!);
    expect(config.domain).toBe('notification');
    expect(config.paths).toEqual({ componentsRoot: '.', tasks: 'Tasks', views: 'Views', functions: 'Functions', extensions: 'Extensions', workflows: 'Workflows', schemas: 'Schemas', mappings: 'Mappings' });
    expect(config.exports.workflows).toEqual(['notification-dispatch']);
    const workflow = JSON.parse(examples.get('notification/vnext/Workflows/notification-dispatch.json')!);
    const master = JSON.parse(examples.get('notification/vnext/Schemas/notification-dispatch-master.json')!);
    expect(workflow.attributes.schema).toEqual({ key: 'notification-dispatch-master', domain: 'notification', version: workflow.version, flow: 'sys-schemas' });
    expect([master.flow, master.version, master.attributes.type]).toEqual(['sys-schemas', workflow.version, 'schema']);
    expect(master.attributes.schema).toEqual(JSON.parse(examples.get('notification/flows/notification_dispatch/data.schema.json')!));
  });

  it('a generated/ of the 0.1 layout (components/<kind>/) moves: its files are removed, and a version already generated keeps its workflow as deployed', () => {
    const src = sources(join(ROOT, 'definitions'), 'definitions');
    // The tree 0.1 wrote: components/<kind>/<key>.json, workflows without the master schema reference, no package files.
    const legacy = new Map<string, string>();
    const kinds: Record<string, string> = { Workflows: 'flows', Tasks: 'tasks', Views: 'views', Functions: 'functions', Extensions: 'extensions' };
    for (const [path, text] of examples) {
      const m = /^([^/]+)\/vnext\/([A-Za-z]+)\/([^/]+)$/.exec(path);
      if (path.includes('/vnext/') && (!m || !kinds[m[2]!])) continue;
      if (!m) legacy.set(path, text);
      else {
        const doc = JSON.parse(text);
        if (m[2] === 'Workflows') delete doc.attributes.schema;
        legacy.set(`${m[1]}/components/${kinds[m[2]!]}/${m[3]}`, `${JSON.stringify(doc, null, 2)}\n`);
      }
    }
    const result = compile(src, { previous: legacy });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const paths = [...result.files!.keys()];
    expect(paths.filter((p) => p.includes('/components/'))).toEqual([]);
    const workflow = JSON.parse(result.files!.get('notification/vnext/Workflows/notification-dispatch.json')!);
    expect(workflow.attributes.schema).toBeUndefined(); // as version 1.x deployed it; the reference comes with the next version
    expect(paths).toContain('notification/vnext/Schemas/notification-dispatch-master.json');
  });
});
