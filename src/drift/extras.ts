import type pg from 'pg';

/** What the table-level catalog does not cover: sequences, views, functions, triggers, policies, grants. */
export interface SchemaExtras {
  readonly sequences: readonly { readonly name: string; readonly definition: string }[];
  readonly views: readonly { readonly name: string; readonly definition: string }[];
  readonly functions: readonly { readonly name: string; readonly definition: string }[];
  readonly triggers: readonly { readonly name: string; readonly table: string; readonly definition: string }[];
  readonly policies: readonly { readonly name: string; readonly table: string; readonly definition: string }[];
  /** table and schema privileges, as `grantee:privileges` per object */
  readonly grants: readonly { readonly object: string; readonly acl: string }[];
}

/** One query for any number of schemas; every requested schema is in the result. */
export async function readSchemasExtras(client: pg.Client | pg.PoolClient, schemas: readonly string[]): Promise<Map<string, SchemaExtras>> {
  const { rows } = await client.query<{ schema: string; kind: string; name: string; tbl: string | null; definition: string }>(
    `SELECT n.nspname AS schema, 'sequence' AS kind, c.relname AS name, NULL AS tbl,
            format('%s start %s increment %s min %s max %s %s', s.seqtypid::regtype, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, CASE WHEN s.seqcycle THEN 'cycle' ELSE 'no cycle' END) AS definition
       FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY($1)
     UNION ALL
     SELECT n.nspname, 'view', c.relname, NULL, pg_get_viewdef(c.oid, true) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY($1) AND c.relkind IN ('v', 'm')
     UNION ALL
     SELECT n.nspname, 'function', p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', NULL, md5(pg_get_functiondef(p.oid)) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ANY($1) AND p.prokind IN ('f', 'p')
     UNION ALL
     SELECT n.nspname, 'trigger', t.tgname, c.relname, pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY($1) AND NOT t.tgisinternal
     UNION ALL
     SELECT n.nspname, 'policy', p.polname, c.relname, p.polcmd::text || ' ' || coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' ' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '') FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY($1)
     UNION ALL
     SELECT n.nspname, 'grant', c.relname, NULL, coalesce(array_to_string(ARRAY(SELECT a::text FROM unnest(c.relacl) a ORDER BY 1), ','), '') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
     UNION ALL
     SELECT n.nspname, 'grant', '(schema)', NULL, coalesce(array_to_string(ARRAY(SELECT a::text FROM unnest(n.nspacl) a ORDER BY 1), ','), '') FROM pg_namespace n WHERE n.nspname = ANY($1)
     ORDER BY 1, 2, 3, 4`,
    [schemas],
  );
  const bySchema = new Map(schemas.map((s) => [s, [] as typeof rows]));
  for (const row of rows) bySchema.get(row.schema)!.push(row);
  return new Map([...bySchema].map(([schema, list]) => [schema, extrasOf(list)]));
}

function extrasOf(rows: readonly { kind: string; name: string; tbl: string | null; definition: string }[]): SchemaExtras {
  const of = (kind: string) => rows.filter((r) => r.kind === kind);
  return {
    sequences: of('sequence').map((r) => ({ name: r.name, definition: r.definition })),
    views: of('view').map((r) => ({ name: r.name, definition: r.definition })),
    functions: of('function').map((r) => ({ name: r.name, definition: r.definition })),
    triggers: of('trigger').map((r) => ({ name: r.name, table: r.tbl!, definition: r.definition })),
    policies: of('policy').map((r) => ({ name: r.name, table: r.tbl!, definition: r.definition })),
    // An object without an ACL has its owner's default privileges: nothing to compare.
    grants: of('grant').filter((r) => r.definition !== '').map((r) => ({ object: r.name, acl: r.definition })),
  };
}
