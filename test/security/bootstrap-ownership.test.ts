import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../../src/db/index.ts';
import { rolesOf } from '../../src/model/index.ts';
import { bootstrapDomain, createRuntime, openDomain } from '../../src/runtime/index.ts';
import { flowschema } from '../support/cli.ts';
import { ROOT } from '../support/compile-dir.ts';
import { connect, serverUrl } from '../support/db.ts';
import { passwordEnv, testPasswords } from '../support/domain-db.ts';
import { dropRoles } from '../support/security-project.ts';

describe('bootstrap takes over nothing that is not the domain\'s', () => {
  afterAll(async () => {
    for (const d of ['sec_victim_db', 'sec_victim_drift', 'sec_legacy_db', 'sec_legacy_drift', 'sec_fresh_db', 'sec_fresh_drift']) await dropDatabase(serverUrl(), d);
    const admin = await connect(serverUrl());
    try {
      await admin.query('DROP ROLE IF EXISTS sec_victim_execution');
    } finally {
      await admin.end();
    }
    await dropRoles('sec-victim', 'sec-legacy', 'sec-fresh');
  });

  it("a role or a database that merely has a domain's name is refused, and left as it was", async () => {
    const admin = await connect(serverUrl());
    try {
      // Someone else's (found by the red-team review): an application role and a database with data.
      await admin.query('CREATE ROLE sec_victim_execution LOGIN CREATEDB');
      await admin.query('CREATE DATABASE sec_victim_db');
      const victim = await connect(new URL('/sec_victim_db', serverUrl()).toString());
      await victim.query('CREATE TABLE public.customers (id int)').finally(() => victim.end());
      const state = async () =>
        (
          await admin.query(
            `SELECT (SELECT rolcreatedb::text || ' ' || rolinherit::text || ' ' || coalesce(shobj_description(oid, 'pg_authid'), '-') FROM pg_roles WHERE rolname = 'sec_victim_execution') AS role,
                    (SELECT coalesce(datacl::text, 'default') || ' ' || coalesce(shobj_description(oid, 'pg_database'), '-') FROM pg_database WHERE datname = 'sec_victim_db') AS db,
                    (SELECT count(*)::int FROM pg_roles WHERE rolname LIKE 'sec\\_victim\\_%') AS roles`,
          )
        ).rows[0];
      const before = await state();
      const error = await openDomain({ serverUrl: serverUrl(), domain: 'sec-victim', passwords: { env: passwordEnv(['sec-victim']) } }).catch((e: Error) => e);
      expect((error as Error).message).toContain(
        "refusing to bootstrap domain sec-victim: role sec_victim_execution exists, database sec_victim_db exists, not made by flowschema for it (no 'flowschema domain sec-victim' comment): choose another domain name, or, as their administrator, drop them or mark them as the domain's (COMMENT ON ROLE|DATABASE … IS 'flowschema domain sec-victim')",
      );
      expect(await state()).toEqual(before);
    } finally {
      await admin.end();
    }
  });

  it('a database a flowschema without tags made (stamped with the domain) is adopted with its roles, and so is an empty one', async () => {
    const passwords = { env: passwordEnv(['sec-legacy', 'sec-fresh']) };
    const legacy = await openDomain({ serverUrl: serverUrl(), domain: 'sec-legacy', passwords });
    const r = createRuntime({ domain: 'sec-legacy', connection: legacy.url('init'), generated: join(ROOT, 'generated') });
    await r.start().finally(() => r.close());
    const admin = await connect(serverUrl());
    try {
      for (const role of Object.values(rolesOf('sec-legacy'))) await admin.query(`COMMENT ON ROLE ${role} IS NULL`);
      for (const db of ['sec_legacy_db', 'sec_legacy_drift']) await admin.query(`COMMENT ON DATABASE ${db} IS NULL`);
      await admin.query('CREATE DATABASE sec_fresh_db');
      // A domain that is ready needs no bootstrap at all; run it anyway, as `flowschema bootstrap` would.
      await bootstrapDomain(serverUrl(), { domain: 'sec-legacy', passwords: testPasswords('sec-legacy') });
      await openDomain({ serverUrl: serverUrl(), domain: 'sec-fresh', passwords });
      const tags = await admin.query(
        `SELECT rolname AS name, shobj_description(oid, 'pg_authid') AS tag FROM pg_roles WHERE rolname LIKE 'sec\\_legacy\\_%' OR rolname LIKE 'sec\\_fresh\\_%'
         UNION ALL SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database WHERE datname LIKE 'sec\\_legacy\\_%' OR datname LIKE 'sec\\_fresh\\_%' ORDER BY 1`,
      );
      expect(tags.rows.map((t) => `${t.name}: ${t.tag}`)).toEqual([
        'sec_fresh_db: flowschema domain sec-fresh',
        'sec_fresh_drift: flowschema domain sec-fresh',
        'sec_fresh_execution: flowschema domain sec-fresh',
        'sec_fresh_init: flowschema domain sec-fresh',
        'sec_fresh_orchestration: flowschema domain sec-fresh',
        'sec_legacy_db: flowschema domain sec-legacy',
        'sec_legacy_drift: flowschema domain sec-legacy',
        'sec_legacy_execution: flowschema domain sec-legacy',
        'sec_legacy_init: flowschema domain sec-legacy',
        'sec_legacy_orchestration: flowschema domain sec-legacy',
      ]);
    } finally {
      await admin.end();
    }
  });
});
