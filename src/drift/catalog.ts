import type pg from 'pg';

/**
 * A flow schema as PostgreSQL's catalog describes it, normalized to plain
 * sorted data so two schemas (or a schema and its model) can be compared.
 * Expressions are PostgreSQL's own deparsed text (pg_get_expr & co).
 */
export interface LiveSchema {
  readonly schema: string;
  readonly tables: readonly LiveTable[];
  readonly enums: readonly { readonly name: string; readonly values: readonly string[] }[];
}

export interface LiveTable {
  readonly name: string;
  readonly comment: string | null;
  readonly columns: readonly LiveColumn[];
  readonly constraints: readonly LiveConstraint[];
  readonly indexes: readonly LiveIndex[];
}

export interface LiveColumn {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
  readonly default: string | null;
  readonly generated: string | null;
  readonly identity: boolean;
  readonly comment: string | null;
}

export interface LiveConstraint {
  readonly name: string;
  readonly kind: 'primary' | 'unique' | 'check' | 'foreign';
  readonly columns: readonly string[];
  readonly definition: string;
  readonly refTable: string | null;
  readonly refColumns: readonly string[] | null;
  readonly onDelete: string | null;
}

export interface LiveIndex {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
  readonly where: string | null;
  /** true for the index behind a primary key or unique constraint */
  readonly constraint: boolean;
}

const ON_DELETE: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };
const KIND: Record<string, LiveConstraint['kind']> = { p: 'primary', u: 'unique', c: 'check', f: 'foreign' };

/** Reads one schema. */
export async function readLiveSchema(client: pg.Client | pg.PoolClient, schema: string): Promise<LiveSchema> {
  return (await readLiveSchemas(client, [schema])).get(schema)!;
}

/**
 * Reads many schemas in four queries, whatever their number: a query per
 * schema would scan the catalog once per schema (quadratic in a domain with
 * hundreds of flow schemas). Every requested schema is in the result, empty
 * when it has nothing.
 */
export async function readLiveSchemas(client: pg.Client | pg.PoolClient, schemas: readonly string[]): Promise<Map<string, LiveSchema>> {
  const columns = await client.query<{ schema: string; table: string; table_comment: string | null; name: string; type: string; nullable: boolean; default: string | null; generated: string; identity: string; comment: string | null }>(
    `SELECT n.nspname AS schema, c.relname AS table, td.description AS table_comment,
            a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
            pg_get_expr(d.adbin, d.adrelid) AS default, a.attgenerated AS generated, a.attidentity AS identity,
            cd.description AS comment
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
       -- joined, not obj_description()/col_description(): those run a query per row
       LEFT JOIN pg_description td ON td.objoid = c.oid AND td.classoid = 'pg_class'::regclass AND td.objsubid = 0
       LEFT JOIN pg_description cd ON cd.objoid = c.oid AND cd.classoid = 'pg_class'::regclass AND cd.objsubid = a.attnum
      WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p')
      ORDER BY n.nspname, c.relname, a.attnum`,
    [schemas],
  );
  const constraints = await client.query<{ schema: string; table: string; name: string; kind: string; columns: string[]; definition: string; ref_table: string | null; ref_columns: string[] | null; on_delete: string }>(
    `SELECT n.nspname AS schema, c.relname AS table, k.conname AS name, k.contype AS kind,
            ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(num, i) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.num ORDER BY u.i)::text[] AS columns,
            pg_get_constraintdef(k.oid) AS definition,
            r.relname AS ref_table,
            CASE WHEN k.contype = 'f' THEN ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(num, i) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.num ORDER BY u.i)::text[] END AS ref_columns,
            k.confdeltype AS on_delete
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_class r ON r.oid = k.confrelid
      WHERE n.nspname = ANY($1) AND k.contype IN ('p', 'u', 'c', 'f')
      ORDER BY n.nspname, c.relname, k.conname`,
    [schemas],
  );
  const indexes = await client.query<{ schema: string; table: string; name: string; columns: string[]; unique: boolean; where: string | null; constraint: boolean }>(
    `SELECT n.nspname AS schema, t.relname AS table, i.relname AS name,
            ARRAY(SELECT pg_get_indexdef(x.indexrelid, k + 1, true) FROM generate_subscripts(x.indkey, 1) k ORDER BY k)::text[] AS columns,
            x.indisunique AS unique, pg_get_expr(x.indpred, x.indrelid) AS where,
            EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype IN ('p', 'u')) AS constraint
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = ANY($1)
      ORDER BY n.nspname, t.relname, i.relname`,
    [schemas],
  );
  const enums = await client.query<{ schema: string; name: string; values: string[] }>(
    `SELECT n.nspname AS schema, t.typname AS name, ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)::text[] AS values
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = ANY($1) AND t.typtype = 'e'
      ORDER BY n.nspname, t.typname`,
    [schemas],
  );

  type Table = { comment: string | null; columns: LiveColumn[]; constraints: LiveConstraint[]; indexes: LiveIndex[] };
  const bySchema = new Map(schemas.map((s) => [s, { tables: new Map<string, Table>(), enums: [] as { name: string; values: string[] }[] }]));
  for (const row of columns.rows) {
    const tables = bySchema.get(row.schema)!.tables;
    let table = tables.get(row.table);
    if (!table) tables.set(row.table, (table = { comment: row.table_comment, columns: [], constraints: [], indexes: [] }));
    table.columns.push({
      name: row.name,
      type: row.type,
      nullable: row.nullable,
      default: row.generated === 's' ? null : row.default,
      generated: row.generated === 's' ? row.default : null,
      identity: row.identity !== '',
      comment: row.comment,
    });
  }
  for (const row of constraints.rows)
    bySchema.get(row.schema)!.tables.get(row.table)?.constraints.push({
      name: row.name,
      kind: KIND[row.kind]!,
      columns: row.columns,
      definition: row.definition,
      refTable: row.ref_table,
      refColumns: row.ref_columns,
      onDelete: row.kind === 'f' ? ON_DELETE[row.on_delete]! : null,
    });
  for (const row of indexes.rows)
    bySchema.get(row.schema)!.tables.get(row.table)?.indexes.push({ name: row.name, columns: row.columns, unique: row.unique, where: row.where, constraint: row.constraint });
  for (const row of enums.rows) bySchema.get(row.schema)!.enums.push({ name: row.name, values: row.values });
  const byName = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);
  return new Map(
    [...bySchema].map(([schema, s]) => [schema, { schema, tables: [...s.tables].sort(byName).map(([name, t]) => ({ name, ...t })), enums: s.enums }]),
  );
}
