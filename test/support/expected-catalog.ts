import type pg from 'pg';
import { columnValueSql } from '../../src/emit/index.ts';
import type { LiveSchema } from '../../src/drift/index.ts';
import { quoteIdent, qualified, type ColumnType, type SchemaModel } from '../../src/model/index.ts';

/** What format_type() prints for a model type; written independently of emit/. */
export function formatType(type: ColumnType, schema: string): string {
  const ident = (s: string) => (/^[a-z_][a-z0-9_$]*$/.test(s) && !['order', 'user', 'table', 'select'].includes(s) ? s : quoteIdent(s));
  const base: Record<string, string> = {
    double: 'double precision', time: 'time without time zone', timestamp: 'timestamp without time zone', timestamptz: 'timestamp with time zone',
  };
  const text =
    type.base === 'varchar' ? `character varying(${type.length})` :
    type.base === 'char' ? `character(${type.length})` :
    type.base === 'numeric' && type.precision !== undefined ? `numeric(${type.precision},${type.scale ?? 0})` :
    type.base === 'enum' ? `${ident(schema)}.${ident(type.enumName!)}` :
    base[type.base] ?? type.base;
  return type.array ? `${text}[]` : text;
}

/**
 * The catalog a model should produce, in LiveSchema form. Expressions
 * (defaults, generated columns, checks, index predicates) are deparsed by
 * PostgreSQL itself on a scratch copy of each table inside a rolled-back
 * transaction, so the comparison is exact without re-implementing ruleutils.
 */
export async function expectedCatalog(client: pg.Client, model: SchemaModel): Promise<LiveSchema> {
  const schema = model.schema;
  await client.query('BEGIN');
  try {
    const tables = [];
    for (const table of model.tables) {
      await client.query(`CREATE TEMP TABLE "_n" (LIKE ${qualified(schema, table.name)}) ON COMMIT DROP`);
      const deparse = async (sql: string) => (await client.query<{ v: string }>(sql)).rows[0]?.v ?? null;
      const columns = [];
      for (const [i, c] of table.columns.entries()) {
        let def: string | null = null;
        let generated: string | null = null;
        if (c.default !== undefined) {
          await client.query(`ALTER TABLE "_n" ALTER COLUMN ${quoteIdent(c.name)} SET DEFAULT ${columnValueSql(c.default, c.type, schema)}`);
          def = await deparse(`SELECT pg_get_expr(d.adbin, d.adrelid) AS v FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = '"_n"'::regclass AND a.attname = ${lit(c.name)}`);
        }
        if (c.generated !== undefined) {
          await client.query(`ALTER TABLE "_n" ADD COLUMN "_g${i}" ${formatType(c.type, schema)} GENERATED ALWAYS AS (${c.generated}) STORED`);
          generated = await deparse(`SELECT pg_get_expr(d.adbin, d.adrelid) AS v FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = '"_n"'::regclass AND a.attname = '_g${i}'`);
        }
        columns.push({ name: c.name, type: formatType(c.type, schema), nullable: c.nullable, default: def, generated, identity: c.identity === true, comment: c.comment ?? null });
      }
      const constraints = [];
      if (table.primaryKey) constraints.push({ name: table.primaryKey.name, kind: 'primary' as const, columns: table.primaryKey.columns, refTable: null, refColumns: null, onDelete: null });
      for (const u of table.uniques) constraints.push({ name: u.name, kind: 'unique' as const, columns: u.columns, refTable: null, refColumns: null, onDelete: null });
      for (const fk of table.foreignKeys) constraints.push({ name: fk.name, kind: 'foreign' as const, columns: fk.columns, refTable: fk.refTable, refColumns: fk.refColumns, onDelete: fk.onDelete });
      for (const [i, ch] of table.checks.entries()) {
        await client.query(`ALTER TABLE "_n" ADD CONSTRAINT "_c${i}" CHECK (${ch.expression})`);
        const definition = await deparse(`SELECT pg_get_constraintdef(oid) AS v FROM pg_constraint WHERE conrelid = '"_n"'::regclass AND conname = '_c${i}'`);
        const columnsUsed = await client.query<{ v: string[] }>(`SELECT ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(num, i) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.num ORDER BY u.i)::text[] AS v FROM pg_constraint k WHERE conrelid = '"_n"'::regclass AND conname = '_c${i}'`);
        constraints.push({ name: ch.name, kind: 'check' as const, columns: columnsUsed.rows[0]!.v, definition: definition!, refTable: null, refColumns: null, onDelete: null });
      }
      const indexes = [];
      for (const k of [...(table.primaryKey ? [table.primaryKey] : []), ...table.uniques])
        indexes.push({ name: k.name, columns: k.columns.map(quoteIfNeeded), unique: true, where: null, constraint: true });
      for (const [i, ix] of table.indexes.entries()) {
        let where: string | null = null;
        if (ix.where !== undefined) {
          await client.query(`CREATE INDEX "_i${i}" ON "_n" (${ix.columns.map(quoteIdent).join(', ')}) WHERE ${ix.where}`);
          where = await deparse(`SELECT pg_get_expr(indpred, indrelid) AS v FROM pg_index WHERE indexrelid = '"_i${i}"'::regclass`);
        }
        indexes.push({ name: ix.name, columns: ix.columns.map(quoteIfNeeded), unique: ix.unique, where, constraint: false });
      }
      await client.query('DROP TABLE "_n"');
      constraints.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      indexes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      tables.push({ name: table.name, comment: table.comment ?? null, columns, constraints, indexes });
    }
    tables.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const enums = [...model.enums].map((e) => ({ name: e.name, values: e.values })).sort((a, b) => (a.name < b.name ? -1 : 1));
    return { schema, tables: tables as unknown as LiveSchema["tables"], enums };
  } finally {
    await client.query('ROLLBACK');
  }
}

function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** pg_get_indexdef quotes column names the way quote_ident does. */
function quoteIfNeeded(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !['order', 'user', 'table'].includes(name) ? name : quoteIdent(name);
}

/** Live constraints without the deparsed definition of non-check constraints (covered by their fields). */
export function comparableLive(live: LiveSchema): LiveSchema {
  return {
    ...live,
    tables: live.tables.map((t) => ({
      ...t,
      constraints: t.constraints.map((c) => (c.kind === 'check' ? c : { ...c, definition: undefined as unknown as string })).map(stripUndefined),
    })),
  };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
