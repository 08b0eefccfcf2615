/**
 * The drift corpus: one change each, made by a superuser to a fresh copy of
 * a domain database that `up` created (the example onboarding flows, under
 * the domain `driftcorpus`). For each, corpus.test.ts asks pg_dump whether
 * the change is visible, expects drift to say so with the finding named here
 * (and nothing when pg_dump sees nothing), applies drift's fix script in one
 * transaction and expects no drift after it.
 *
 * `finding`: the start of one finding's text (`findingText`): object kind,
 * object, and the property changed or `not expected` / `missing`.
 */
export interface DriftCase {
  readonly name: string;
  /** run as the superuser in the domain database (`{db}`: its name) */
  readonly sql: string;
  readonly finding: string;
}

const CO = 'customer_onboarding';
const DA = 'document_approval';
const INIT = 'driftcorpus_init';
const ORCH = 'driftcorpus_orchestration';
const EXEC = 'driftcorpus_execution';
const STATUS_INDEX = `${CO}.instances_status_current_state_idx`;
const rebuildStatusIndex = (how: string) => `DROP INDEX ${STATUS_INDEX}; CREATE INDEX instances_status_current_state_idx ON ${CO}.instances ${how}`;

export const DRIFT_CASES: readonly DriftCase[] = [
  // comments
  { name: 'column comment changed', sql: `COMMENT ON COLUMN ${CO}.documents.checksum IS 'changed'`, finding: `column ${CO}.documents.checksum: comment` },
  { name: 'index comment', sql: `COMMENT ON INDEX ${STATUS_INDEX} IS 'x'`, finding: `index ${STATUS_INDEX}: comment` },
  { name: 'constraint comment', sql: `COMMENT ON CONSTRAINT size_positive ON ${CO}.documents IS 'x'`, finding: `constraint ${CO}.documents.size_positive: comment` },
  { name: 'schema comment', sql: `COMMENT ON SCHEMA ${CO} IS 'x'`, finding: `schema ${CO}: comment` },
  { name: 'sequence comment', sql: `COMMENT ON SEQUENCE ${CO}.instance_transitions_id_seq IS 'x'`, finding: `sequence ${CO}.instance_transitions_id_seq: comment` },
  { name: 'system table comment changed', sql: `COMMENT ON TABLE sys_flows.definitions IS 'changed'`, finding: 'table sys_flows.definitions: comment' },
  { name: 'enum comment', sql: `COMMENT ON TYPE ${DA}.review_outcome IS 'x'`, finding: `enum ${DA}.review_outcome: comment` },
  // indexes
  { name: 'index btree to hash', sql: rebuildStatusIndex('USING hash (status)'), finding: `index ${STATUS_INDEX}: method` },
  { name: 'index column DESC', sql: rebuildStatusIndex('(status DESC, current_state)'), finding: `index ${STATUS_INDEX}: key` },
  { name: 'index column collation', sql: rebuildStatusIndex('(status COLLATE "C", current_state)'), finding: `index ${STATUS_INDEX}: key` },
  { name: 'index operator class', sql: rebuildStatusIndex('(status text_pattern_ops, current_state)'), finding: `index ${STATUS_INDEX}: key` },
  { name: 'index made partial', sql: rebuildStatusIndex('(status, current_state) WHERE status IS NOT NULL'), finding: `index ${STATUS_INDEX}: where` },
  { name: 'index with INCLUDE', sql: rebuildStatusIndex('(status, current_state) INCLUDE (key)'), finding: `index ${STATUS_INDEX}: include` },
  { name: 'index fillfactor', sql: `ALTER INDEX ${STATUS_INDEX} SET (fillfactor = 50)`, finding: `index ${STATUS_INDEX}: options` },
  { name: 'index dropped', sql: `DROP INDEX ${DA}.reviews_reviewer_idx`, finding: `index ${DA}.reviews_reviewer_idx: missing` },
  { name: 'index added', sql: `CREATE INDEX extra_idx ON ${DA}.reviews (note)`, finding: `index ${DA}.extra_idx: not expected` },
  { name: 'index renamed', sql: `ALTER INDEX ${DA}.reviews_reviewer_idx RENAME TO r_idx`, finding: `index ${DA}.r_idx: not expected` },
  { name: 'table clustered on an index', sql: `CLUSTER ${CO}.documents USING documents_pkey`, finding: `index ${CO}.documents_pkey: clustered` },
  { name: 'index marked invalid', sql: `UPDATE pg_index SET indisvalid = false WHERE indexrelid = '${DA}.reviews_reviewer_idx'::regclass`, finding: `index ${DA}.reviews_reviewer_idx: valid` },
  // tables
  { name: 'table UNLOGGED', sql: `ALTER TABLE ${CO}.risk_rules SET UNLOGGED`, finding: `table ${CO}.risk_rules: persistence` },
  { name: 'table fillfactor', sql: `ALTER TABLE ${CO}.documents SET (fillfactor = 70)`, finding: `table ${CO}.documents: options` },
  { name: 'table autovacuum_enabled', sql: `ALTER TABLE ${CO}.documents SET (autovacuum_enabled = false)`, finding: `table ${CO}.documents: options` },
  { name: 'table toast options', sql: `ALTER TABLE ${CO}.documents SET (toast.autovacuum_enabled = false)`, finding: `table ${CO}.documents: toast options` },
  { name: 'replica identity', sql: `ALTER TABLE ${CO}.documents REPLICA IDENTITY FULL`, finding: `table ${CO}.documents: replica identity` },
  { name: 'INHERIT from a table elsewhere', sql: `CREATE TABLE public.parent (); ALTER TABLE ${CO}.risk_rules INHERIT public.parent`, finding: `table ${CO}.risk_rules: inherits` },
  { name: 'row level security enabled', sql: `ALTER TABLE ${CO}.documents ENABLE ROW LEVEL SECURITY`, finding: `table ${CO}.documents: row security` },
  { name: 'row level security forced', sql: `ALTER TABLE ${CO}.documents FORCE ROW LEVEL SECURITY`, finding: `table ${CO}.documents: forced row security` },
  { name: 'rule on instances', sql: `CREATE RULE no_delete AS ON DELETE TO ${CO}.instances DO INSTEAD NOTHING`, finding: `rule ${CO}.instances.no_delete: not expected` },
  { name: 'DISABLE TRIGGER ALL (foreign keys unenforced)', sql: `ALTER TABLE ${CO}.documents DISABLE TRIGGER ALL`, finding: `constraint ${CO}.documents.documents_instance_id_fkey: enforcement triggers` },
  { name: 'user trigger added, disabled', sql: `CREATE FUNCTION ${CO}.t() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$; CREATE TRIGGER t BEFORE INSERT ON ${CO}.documents FOR EACH ROW EXECUTE FUNCTION ${CO}.t(); ALTER TABLE ${CO}.documents DISABLE TRIGGER t`, finding: `trigger ${CO}.documents.t: not expected` },
  { name: 'trigger calling a function in public', sql: `CREATE FUNCTION public.tf() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$; CREATE TRIGGER tr BEFORE INSERT ON ${CO}.instances FOR EACH ROW EXECUTE FUNCTION public.tf()`, finding: `trigger ${CO}.instances.tr: not expected` },
  { name: 'policy added', sql: `CREATE POLICY p ON ${CO}.documents USING (true)`, finding: `policy ${CO}.documents.p: not expected` },
  { name: 'table owner changed', sql: `ALTER TABLE ${CO}.documents OWNER TO postgres`, finding: `table ${CO}.documents: owner` },
  { name: 'table granted to PUBLIC', sql: `GRANT SELECT ON ${CO}.documents TO PUBLIC`, finding: `table ${CO}.documents: privileges` },
  { name: 'table privilege revoked', sql: `REVOKE INSERT ON ${CO}.instances FROM ${ORCH}`, finding: `table ${CO}.instances: privileges` },
  { name: 'table dropped', sql: `DROP TABLE ${CO}.kyc_results`, finding: `table ${CO}.kyc_results: missing` },
  { name: 'table added', sql: `CREATE TABLE ${CO}.extra (id int)`, finding: `table ${CO}.extra: not expected` },
  { name: 'table renamed', sql: `ALTER TABLE ${DA}.review_comments RENAME TO comments`, finding: `table ${DA}.comments: not expected` },
  { name: 'table moved to public', sql: `ALTER TABLE ${CO}.risk_rules SET SCHEMA public`, finding: `table ${CO}.risk_rules: missing` },
  { name: 'system table column dropped', sql: 'ALTER TABLE sys_flows.definitions DROP COLUMN sha256', finding: 'column sys_flows.definitions.sha256: missing' },
  // columns
  { name: 'column collation', sql: `ALTER TABLE ${CO}.documents ALTER COLUMN file_name TYPE varchar(255) COLLATE "C"`, finding: `column ${CO}.documents.file_name: collation` },
  { name: 'column storage', sql: `ALTER TABLE ${CO}.documents ALTER COLUMN file_name SET STORAGE EXTERNAL`, finding: `column ${CO}.documents.file_name: storage` },
  { name: 'column compression', sql: `ALTER TABLE ${CO}.documents ALTER COLUMN content SET COMPRESSION pglz`, finding: `column ${CO}.documents.content: compression` },
  { name: 'column statistics target', sql: `ALTER TABLE ${CO}.documents ALTER COLUMN kind SET STATISTICS 500`, finding: `column ${CO}.documents.kind: statistics` },
  { name: 'column options', sql: `ALTER TABLE ${CO}.documents ALTER COLUMN kind SET (n_distinct = 5)`, finding: `column ${CO}.documents.kind: options` },
  { name: 'column-level grant', sql: `GRANT SELECT (file_name) ON ${CO}.documents TO PUBLIC`, finding: `column ${CO}.documents.file_name: privileges` },
  { name: 'column dropped', sql: `ALTER TABLE ${CO}.documents DROP COLUMN checksum`, finding: `column ${CO}.documents.checksum: missing` },
  { name: 'column added', sql: `ALTER TABLE ${CO}.documents ADD COLUMN extra text`, finding: `column ${CO}.documents.extra: not expected` },
  { name: 'column type', sql: `ALTER TABLE ${CO}.documents ALTER COLUMN file_name TYPE text`, finding: `column ${CO}.documents.file_name: type` },
  { name: 'column default changed', sql: `ALTER TABLE ${DA}.reviews ALTER COLUMN reviewed_at SET DEFAULT now()`, finding: `column ${DA}.reviews.reviewed_at: default` },
  { name: 'column default dropped', sql: `ALTER TABLE ${DA}.reviews ALTER COLUMN id DROP DEFAULT`, finding: `column ${DA}.reviews.id: default` },
  { name: 'NOT NULL dropped', sql: `ALTER TABLE ${DA}.reviews ALTER COLUMN reviewer DROP NOT NULL`, finding: `column ${DA}.reviews.reviewer: not null` },
  { name: 'column renamed', sql: `ALTER TABLE ${DA}.reviews RENAME COLUMN note TO remark`, finding: `column ${DA}.reviews.note: missing` },
  { name: 'identity BY DEFAULT', sql: `ALTER TABLE ${CO}.instance_transitions ALTER COLUMN id SET GENERATED BY DEFAULT`, finding: `column ${CO}.instance_transitions.id: identity` },
  { name: 'identity dropped', sql: `ALTER TABLE ${CO}.instance_transitions ALTER COLUMN id DROP IDENTITY`, finding: `column ${CO}.instance_transitions.id: identity` },
  // constraints
  { name: 'check dropped', sql: `ALTER TABLE ${DA}.reviews DROP CONSTRAINT reviewer_not_blank`, finding: `constraint ${DA}.reviews.reviewer_not_blank: missing` },
  { name: 'check changed', sql: `ALTER TABLE ${DA}.reviews DROP CONSTRAINT reviewer_not_blank, ADD CONSTRAINT reviewer_not_blank CHECK (reviewer <> '')`, finding: `constraint ${DA}.reviews.reviewer_not_blank: definition` },
  { name: 'foreign key dropped', sql: `ALTER TABLE ${DA}.review_comments DROP CONSTRAINT review_comments_review_id_fkey`, finding: `constraint ${DA}.review_comments.review_comments_review_id_fkey: missing` },
  { name: 'foreign key ON DELETE changed', sql: `ALTER TABLE ${DA}.review_comments DROP CONSTRAINT review_comments_review_id_fkey, ADD CONSTRAINT review_comments_review_id_fkey FOREIGN KEY (review_id) REFERENCES ${DA}.reviews(id)`, finding: `constraint ${DA}.review_comments.review_comments_review_id_fkey: definition` },
  { name: 'foreign key made DEFERRABLE', sql: `ALTER TABLE ${DA}.review_comments ALTER CONSTRAINT review_comments_review_id_fkey DEFERRABLE`, finding: `constraint ${DA}.review_comments.review_comments_review_id_fkey: definition` },
  { name: 'primary key dropped', sql: `ALTER TABLE ${CO}.kyc_results DROP CONSTRAINT kyc_results_pkey`, finding: `constraint ${CO}.kyc_results.kyc_results_pkey: missing` },
  // sequences
  { name: 'sequence increment', sql: `ALTER SEQUENCE ${CO}.instance_transitions_id_seq INCREMENT BY 5`, finding: `sequence ${CO}.instance_transitions_id_seq: increment` },
  { name: 'sequence granted', sql: `GRANT UPDATE ON SEQUENCE ${CO}.instance_transitions_id_seq TO ${EXEC}`, finding: `sequence ${CO}.instance_transitions_id_seq: privileges` },
  { name: 'sequence OWNED BY a column', sql: `CREATE SEQUENCE ${CO}.seq; ALTER SEQUENCE ${CO}.seq OWNER TO ${INIT}; ALTER SEQUENCE ${CO}.seq OWNED BY ${CO}.documents.size_bytes`, finding: `sequence ${CO}.seq: not expected` },
  // types
  { name: 'enum value added', sql: `ALTER TYPE ${CO}.documents_kind ADD VALUE 'visa'`, finding: `enum ${CO}.documents_kind: values` },
  { name: 'enum value renamed', sql: `ALTER TYPE ${DA}.review_outcome RENAME VALUE 'approved' TO 'ok'`, finding: `enum ${DA}.review_outcome: values` },
  { name: 'enum owner', sql: `ALTER TYPE ${DA}.review_outcome OWNER TO postgres`, finding: `enum ${DA}.review_outcome: owner` },
  { name: 'enum USAGE revoked from PUBLIC', sql: `REVOKE USAGE ON TYPE ${DA}.review_outcome FROM PUBLIC`, finding: `enum ${DA}.review_outcome: privileges` },
  { name: 'composite type', sql: `CREATE TYPE ${CO}.pair AS (a int, b text)`, finding: `composite type ${CO}.pair: not expected` },
  { name: 'domain', sql: `CREATE DOMAIN ${CO}.posint AS int CHECK (VALUE > 0)`, finding: `domain ${CO}.posint: not expected` },
  // other objects in a flow schema
  { name: 'view with a comment', sql: `CREATE VIEW ${CO}.v AS SELECT 1 AS x; COMMENT ON VIEW ${CO}.v IS 'x'`, finding: `view ${CO}.v: not expected` },
  { name: 'materialized view', sql: `CREATE MATERIALIZED VIEW ${CO}.mv AS SELECT 1 AS x`, finding: `materialized view ${CO}.mv: not expected` },
  { name: 'function owned by another role, EXECUTE revoked', sql: `CREATE FUNCTION ${CO}.g() RETURNS int LANGUAGE sql AS 'select 1'; ALTER FUNCTION ${CO}.g() OWNER TO ${EXEC}; REVOKE EXECUTE ON FUNCTION ${CO}.g() FROM PUBLIC`, finding: `function ${CO}.g(): not expected` },
  { name: 'aggregate', sql: `CREATE AGGREGATE ${CO}.s(int) (SFUNC = int4pl, STYPE = int)`, finding: `aggregate ${CO}.s(integer): not expected` },
  { name: 'statistics object', sql: `CREATE STATISTICS ${CO}.st ON kind, instance_id FROM ${CO}.documents`, finding: `statistics ${CO}.st: not expected` },
  { name: 'operator', sql: `CREATE OPERATOR ${CO}.=== (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq)`, finding: `operator ${CO}.===(integer, integer): not expected` },
  { name: 'collation', sql: `CREATE COLLATION ${CO}.c2 FROM "C"`, finding: `collation ${CO}.c2: not expected` },
  { name: 'text search configuration', sql: `CREATE TEXT SEARCH CONFIGURATION ${CO}.ts (COPY = simple)`, finding: `text search configuration ${CO}.ts: not expected` },
  { name: 'extension in a flow schema', sql: `CREATE EXTENSION pg_trgm SCHEMA ${CO}`, finding: `extension ${CO}.pg_trgm: not expected` },
  // schemas
  { name: 'schema owner', sql: `ALTER SCHEMA ${DA} OWNER TO ${EXEC}`, finding: `schema ${DA}: owner` },
  { name: 'schema CREATE granted', sql: `GRANT CREATE ON SCHEMA ${DA} TO ${EXEC}`, finding: `schema ${DA}: privileges` },
  { name: 'CREATE on public granted to PUBLIC', sql: 'GRANT CREATE ON SCHEMA public TO PUBLIC', finding: 'schema public: privileges' },
  { name: 'function in public', sql: `CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS 'select 1'`, finding: 'function public.f(): not expected' },
  { name: 'table in public', sql: 'CREATE TABLE public.t (x int)', finding: 'table public.t: not expected' },
  { name: 'another schema', sql: 'CREATE SCHEMA evil', finding: 'schema evil: not expected' },
  { name: 'migration history row deleted', sql: `DELETE FROM sys_schemas.migration_history WHERE schema_name = '${DA}'`, finding: `migration pending: ${DA}.` },
  // the database
  { name: 'publication of a flow table', sql: `CREATE PUBLICATION pub FOR TABLE ${CO}.documents`, finding: `table ${CO}.documents: publications` },
  { name: 'event trigger', sql: 'CREATE FUNCTION public.et() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN END$$; CREATE EVENT TRIGGER et ON ddl_command_start EXECUTE FUNCTION public.et()', finding: 'event trigger et: not expected' },
  { name: 'cast', sql: `CREATE FUNCTION public.c(${CO}.documents_kind) RETURNS int LANGUAGE sql AS 'select 1'; CREATE CAST (${CO}.documents_kind AS int) WITH FUNCTION public.c(${CO}.documents_kind)`, finding: `cast ${CO}.documents_kind AS integer: not expected` },
  { name: 'language', sql: 'CREATE LANGUAGE plpgsql_x HANDLER plpgsql_call_handler', finding: 'language plpgsql_x: not expected' },
  { name: 'foreign-data wrapper', sql: 'CREATE FOREIGN DATA WRAPPER fdw', finding: 'foreign-data wrapper fdw: not expected' },
  { name: 'database setting', sql: 'ALTER DATABASE {db} SET search_path = public, customer_onboarding', finding: 'settings of the database: not expected' },
  { name: 'default privileges changed', sql: `ALTER DEFAULT PRIVILEGES FOR ROLE ${INIT} GRANT SELECT ON TABLES TO PUBLIC`, finding: `default privileges ${INIT} on tables: privileges` },
  { name: 'default privileges in a schema', sql: `ALTER DEFAULT PRIVILEGES FOR ROLE ${INIT} IN SCHEMA ${CO} GRANT INSERT ON TABLES TO ${EXEC}`, finding: `default privileges ${CO}.${INIT} on tables: not expected` },
  { name: 'CONNECT and TEMP granted to PUBLIC', sql: 'GRANT CONNECT, TEMP ON DATABASE {db} TO PUBLIC', finding: 'database {db}: privileges' },
  { name: 'database connection limit', sql: 'ALTER DATABASE {db} CONNECTION LIMIT 3', finding: 'database {db}: connection limit' },
  { name: 'database owner', sql: `ALTER DATABASE {db} OWNER TO ${EXEC}`, finding: 'database {db}: owner' },
  // the domain's roles
  { name: 'domain role made SUPERUSER', sql: `ALTER ROLE ${EXEC} SUPERUSER`, finding: `role ${EXEC}: superuser` },
  { name: 'domain role given CREATEDB', sql: `ALTER ROLE ${ORCH} CREATEDB`, finding: `role ${ORCH}: create database` },
  { name: 'domain role member of another', sql: `GRANT ${EXEC} TO ${ORCH}`, finding: `role ${ORCH}: member of` },
  { name: 'domain role setting', sql: `ALTER ROLE ${EXEC} SET statement_timeout = 0`, finding: `role ${EXEC}: settings` },
  { name: 'domain role setting in the database', sql: `ALTER ROLE ${EXEC} IN DATABASE {db} SET work_mem = '1GB'`, finding: `role ${EXEC}: settings` },
  { name: 'domain role connection limit', sql: `ALTER ROLE ${ORCH} CONNECTION LIMIT 1`, finding: `role ${ORCH}: connection limit` },
  { name: 'a role made a member of the init role', sql: `GRANT ${INIT} TO ${EXEC}`, finding: `role ${INIT}: members` },
];
