/**
 * The system schemas, as versioned migrations recorded in migration_history
 * like any flow's. Append new ones; never edit an applied one (its checksum
 * is checked like every other).
 */
export interface SystemMigration {
  readonly id: string;
  readonly sql: string;
}

export const SYSTEM_SCHEMAS = ['sys_flows', 'sys_views', 'sys_functions', 'sys_tasks', 'sys_extensions', 'sys_schemas'] as const;

/** One definitions table per component kind: each version stored once. */
function definitionsTable(schema: string, comment: string): string {
  return `CREATE TABLE ${schema}.definitions (
  key text NOT NULL,
  version text NOT NULL,
  content jsonb NOT NULL,
  sha256 text NOT NULL,
  deployed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (key, version)
);
COMMENT ON TABLE ${schema}.definitions IS '${comment}';`;
}

export const SYSTEM_MIGRATIONS: readonly SystemMigration[] = [
  {
    id: 'system_0001',
    sql: `-- flowschema system migration system_0001: the six system schemas
${SYSTEM_SCHEMAS.map((s) => `CREATE SCHEMA ${s};`).join('\n')}

CREATE TABLE sys_schemas.domain (
  name text PRIMARY KEY,
  database text NOT NULL,
  stamped_at timestamptz NOT NULL DEFAULT now(),
  one_row boolean NOT NULL DEFAULT true UNIQUE CHECK (one_row)
);
COMMENT ON TABLE sys_schemas.domain IS 'The domain this database belongs to: a runtime for another domain refuses it.';

CREATE TABLE sys_schemas.registry (
  schema_name text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('system', 'flow')),
  flow_key text,
  flow_version text,
  created_at timestamptz NOT NULL DEFAULT now(),
  current_migration text
);
COMMENT ON TABLE sys_schemas.registry IS 'Every schema of the domain database: system schemas and the flow schemas created so far.';

CREATE TABLE sys_schemas.migration_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  schema_name text NOT NULL,
  migration_id text NOT NULL,
  flow_version text,
  sha256 text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  duration_ms integer NOT NULL,
  applied_by text NOT NULL DEFAULT current_user,
  runtime_version text NOT NULL,
  UNIQUE (schema_name, migration_id)
);
COMMENT ON TABLE sys_schemas.migration_history IS 'Each migration applied to each schema, with the checksum it was applied with.';

${definitionsTable('sys_flows', 'Workflow definitions (vNext JSON), each version once.')}
${definitionsTable('sys_views', 'View definitions, each version once.')}
${definitionsTable('sys_functions', 'Function APIs and their authorization rules, each version once.')}
${definitionsTable('sys_tasks', 'Task definitions (HTTP, script, timer, condition...), each version once.')}
${definitionsTable('sys_extensions', 'Extensions and plugins, each version once.')}
`,
  },
  {
    id: 'system_0002',
    sql: `-- flowschema system migration system_0002: progress of migrations applied in steps
CREATE TABLE sys_schemas.migration_steps (
  schema_name text NOT NULL,
  migration_id text NOT NULL,
  step integer NOT NULL,
  mode text NOT NULL CHECK (mode IN ('transaction', 'concurrently', 'validate')),
  sha256 text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  duration_ms integer NOT NULL,
  PRIMARY KEY (schema_name, migration_id, step)
);
COMMENT ON TABLE sys_schemas.migration_steps IS 'Each step of a migration written in steps, as it commits: an upgrade stopped midway resumes after the last one recorded.';
`,
  },
];
