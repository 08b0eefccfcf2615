import { quoteIdent, quoteLiteral } from '../../model/index.ts';
import { keyOf, type DbObject, type ObjectState } from '../objects.ts';
import { defaultPrivilegeStatements, privilegeStatements } from './acl.ts';
import { commentRef, enableClause, grantRef, objectRef, optionAssignments, splitNames } from './sql-names.ts';
import { STEP, type FixContext, type FixStatement } from './types.ts';

/** Who runs statements on `o`: the init role when it owns the object (or the table it belongs to). */
export function actorOf(state: ObjectState, o: DbObject, init: string): FixStatement['as'] {
  for (let current: DbObject | undefined = o; current; current = current.parent === null ? undefined : state.objects.get(current.parent))
    if (current.props.owner !== undefined) return current.props.owner === init ? 'init' : 'administrator';
  return 'administrator';
}

const withoutSemicolon = (sql: string) => sql.trim().replace(/;$/, '');

/** The statements that drop an object the live database has and should not. */
export function dropStatements(o: DbObject, ctx: FixContext): FixStatement[] {
  const p = o.props;
  const as = actorOf(ctx.live, o, ctx.init);
  const one = (sql: string, step: number): FixStatement[] => [{ sql, as, step }];
  switch (o.kind) {
    case 'column':
      return one(`ALTER TABLE ${p._target} DROP COLUMN ${p._column}`, STEP.dropColumn);
    case 'attribute':
      return one(`ALTER TYPE ${p._target} DROP ATTRIBUTE ${p._column}`, STEP.dropColumn);
    case 'constraint':
      return one(`ALTER ${p._on === 'domain' ? 'DOMAIN' : 'TABLE'} ${p._target} DROP CONSTRAINT ${p._name}`, p._kind === 'f' ? STEP.dropForeignKey : STEP.dropIndexConstraint);
    case 'index':
      return one(`DROP INDEX ${p._target}`, STEP.dropIndexConstraint);
    case 'trigger':
    case 'rule':
    case 'policy':
      return one(`DROP ${o.kind.toUpperCase()} ${p._target} ON ${p._table}`, STEP.dropTriggerRulePolicy);
    case 'view':
    case 'materialized view':
      return one(`DROP ${objectRef(o)}`, STEP.dropView);
    case 'table':
    case 'foreign table':
      return one(`DROP ${objectRef(o)}`, STEP.dropTable);
    case 'sequence':
      // An identity column's sequence goes with the column's identity.
      return p._identity === 'yes' ? [] : one(`DROP ${objectRef(o)}`, STEP.dropTable);
    case 'function':
    case 'procedure':
    case 'aggregate':
    case 'statistics':
      return one(`DROP ${objectRef(o)}`, STEP.dropRoutine);
    case 'enum':
    case 'composite type':
    case 'range type':
    case 'base type':
    case 'shell type':
    case 'domain':
      return one(`DROP ${objectRef(o)}`, STEP.dropType);
    case 'schema':
      // A schema flowschema does not know: everything in it goes with it.
      return [{ sql: `DROP SCHEMA ${p._target} CASCADE`, as: 'administrator', step: STEP.dropSchemaObject }];
    case 'extension':
    case 'event trigger':
      // First of all: every DDL statement of the script would fire it, as the administrator.
      return [{ sql: `DROP ${objectRef(o)}`, as: 'administrator', step: STEP.eventTrigger }];
    case 'cast':
    case 'transform':
      // Before anything that could call them (a column's type changed USING a cast), and before the functions they use.
      return [{ sql: `DROP ${objectRef(o)}`, as: 'administrator', step: STEP.dropTriggerRulePolicy }];
    case 'publication':
    case 'language':
    case 'foreign-data wrapper':
    case 'server':
    case 'user mapping':
    case 'access method':
      return [{ sql: `DROP ${objectRef(o)}`, as: 'administrator', step: STEP.dropSchemaObject }];
    case 'subscription':
      // DROP SUBSCRIPTION of a subscription with a replication slot cannot run in a transaction: detach the slot first.
      return [`ALTER SUBSCRIPTION ${p._target} DISABLE`, `ALTER SUBSCRIPTION ${p._target} SET (slot_name = NONE)`, `DROP SUBSCRIPTION ${p._target}`].map((sql) => ({ sql, as: 'administrator' as const, step: STEP.dropSchemaObject }));
    case 'settings':
      return [{ sql: p._role ? `ALTER ROLE ${p._role} IN DATABASE ${p._database} RESET ALL` : `ALTER DATABASE ${p._database} RESET ALL`, as: 'administrator', step: STEP.property }];
    case 'default privileges':
      // Back to PostgreSQL's default (database-wide) or to nothing (in a schema).
      return defaultPrivilegeStatements(o, p.privileges ?? null, null).map((sql) => ({ sql, as: 'administrator' as const, step: STEP.privileges }));
    default:
      return objectRef(o) ? one(`DROP ${objectRef(o)}`, STEP.dropSchemaObject) : [];
  }
}

/** Children of `o` in `state` (a table's columns, constraints, indexes, …), in key order. */
export function childrenOf(state: ObjectState, o: DbObject): DbObject[] {
  const key = keyOf(o);
  // Columns in their table's order (a table made again must match pg_dump's column order), the rest by key.
  const position = (c: DbObject) => (c.props._position === undefined || c.props._position === null ? Infinity : Number(c.props._position));
  return [...state.objects.values()].filter((c) => c.parent === key).sort((a, b) => position(a) - position(b) || (keyOf(a) < keyOf(b) ? -1 : 1));
}

/** Comment and privileges of a (re)created object, as expected. */
export function ownProperties(o: DbObject, as: FixStatement['as']): FixStatement[] {
  const out: FixStatement[] = [];
  const comment = commentRef(o);
  if (comment && o.props.comment !== undefined && o.props.comment !== null) out.push({ sql: `COMMENT ON ${comment} IS ${quoteLiteral(o.props.comment)}`, as, step: STEP.comment });
  const grant = grantRef(o);
  if (grant && o.props.privileges !== undefined) for (const sql of privilegeStatements(grant, null, o.props.privileges)) out.push({ sql, as, step: STEP.privileges });
  if ((o.kind === 'column' || o.kind === 'attribute') && o.props.privileges) for (const sql of privilegeStatements(`TABLE ${o.props._target}`, null, o.props.privileges, o.props._column!)) out.push({ sql, as, step: STEP.privileges });
  return out;
}

/**
 * The statements that make an expected object the live database lacks,
 * with everything that belongs to it (a table's columns, constraints,
 * indexes, triggers…) and the properties its creation does not set.
 * Undefined when it cannot be made from what the catalog says (an
 * aggregate, a base type, a typed or partition table…): then the finding
 * comes without a fix.
 */
export function createStatements(o: DbObject, ctx: FixContext): FixStatement[] | undefined {
  const p = o.props;
  const as = actorOf(ctx.expected, o, ctx.init);
  const out: FixStatement[] = [];
  const add = (sql: string, step: number) => out.push({ sql, as, step });
  switch (o.kind) {
    case 'table': {
      if (p['of type'] || p['partition of']) return undefined;
      add(
        [
          `CREATE${p.persistence === 'unlogged' ? ' UNLOGGED' : ''} TABLE ${p._target} ()`,
          p.inherits ? ` INHERITS (${p.inherits})` : '',
          p['partitioned by'] ? ` PARTITION BY ${p['partitioned by']}` : '',
          p['access method'] && p['access method'] !== 'heap' ? ` USING ${quoteIdent(p['access method'])}` : '',
          p.options ? ` WITH (${optionAssignments(p.options)})` : '',
          p.tablespace ? ` TABLESPACE ${quoteIdent(p.tablespace)}` : '',
        ].join(''),
        STEP.table,
      );
      if (p['toast options']) add(`ALTER TABLE ${p._target} SET (${optionAssignments(p['toast options'], 'toast.')})`, STEP.table);
      if (p['row security'] === 'enabled') add(`ALTER TABLE ${p._target} ENABLE ROW LEVEL SECURITY`, STEP.property);
      if (p['forced row security'] === 'yes') add(`ALTER TABLE ${p._target} FORCE ROW LEVEL SECURITY`, STEP.property);
      if (p['replica identity'] === 'nothing' || p['replica identity'] === 'full') add(`ALTER TABLE ${p._target} REPLICA IDENTITY ${p['replica identity'].toUpperCase()}`, STEP.property);
      for (const publication of splitNames(p.publications ?? null)) out.push({ sql: `ALTER PUBLICATION ${publication} ADD TABLE ${p._target}`, as: 'administrator', step: STEP.property });
      break;
    }
    case 'column': {
      const table = ctx.expected.objects.get(o.parent!);
      if (table?.kind !== 'table') break; // a view's columns come with the view
      const identity = p.identity ? identityClause(o, ctx) : '';
      add(
        `ALTER TABLE ${p._target} ADD COLUMN ${p._column} ${p.type}${p.collation ? ` COLLATE ${p.collation}` : ''}${p.generated ? ` GENERATED ALWAYS AS (${p.generated}) STORED` : ''}${p.default ? ` DEFAULT ${p.default}` : ''}${identity}${p['not null'] === 'yes' ? ' NOT NULL' : ''}`,
        STEP.column,
      );
      out.push(...columnProperties(o, as));
      break;
    }
    case 'attribute':
      add(`ALTER TYPE ${p._target} ADD ATTRIBUTE ${p._column} ${p.type}${p.collation ? ` COLLATE ${p.collation}` : ''}`, STEP.type);
      break;
    case 'constraint':
      add(`ALTER ${p._on === 'domain' ? 'DOMAIN' : 'TABLE'} ${p._target} ADD CONSTRAINT ${p._name} ${p.definition}`, p._kind === 'f' ? STEP.foreignKey : STEP.constraint);
      break;
    case 'index': {
      // A constraint's index comes with the constraint; only what ALTER INDEX adds is set here.
      const owned = o.parent?.startsWith('constraint:');
      if (!owned) add(p._create!, STEP.index);
      out.push(...indexProperties(o, as));
      break;
    }
    case 'trigger':
    case 'rule':
      add(withoutSemicolon(p.definition!), STEP.trigger);
      if (p.enabled !== 'enabled') add(`ALTER TABLE ${p._table} ${enableClause(p.enabled ?? null)} ${o.kind.toUpperCase()} ${p._target}`, STEP.trigger);
      break;
    case 'policy':
      add(policySql(o), STEP.trigger);
      break;
    case 'sequence': {
      if (p._identity === 'yes') return undefined;
      add(`CREATE${p.persistence === 'unlogged' ? ' UNLOGGED' : ''} SEQUENCE ${p._target} ${sequenceOptions(o)}`, STEP.sequence);
      if (p['owned by']) add(`ALTER SEQUENCE ${p._target} OWNED BY ${p['owned by']}`, STEP.ownedBy);
      break;
    }
    case 'view':
      add(`CREATE VIEW ${p._target}${p.options ? ` WITH (${optionAssignments(p.options)})` : ''} AS ${withoutSemicolon(p.definition!)}`, STEP.view);
      break;
    case 'materialized view':
      add(
        `CREATE MATERIALIZED VIEW ${p._target}${p['access method'] && p['access method'] !== 'heap' ? ` USING ${quoteIdent(p['access method'])}` : ''}${p.options ? ` WITH (${optionAssignments(p.options)})` : ''}${p.tablespace ? ` TABLESPACE ${quoteIdent(p.tablespace)}` : ''} AS ${withoutSemicolon(p.definition!)}`,
        STEP.view,
      );
      break;
    case 'function':
    case 'procedure':
      add(withoutSemicolon(p.definition!), STEP.routine);
      break;
    case 'enum':
      add(`CREATE TYPE ${p._target} AS ENUM (${p.values ?? ''})`, STEP.type);
      break;
    case 'domain':
      add(`CREATE DOMAIN ${p._target} AS ${p['base type']}${p.collation ? ` COLLATE ${p.collation}` : ''}${p.default ? ` DEFAULT ${p.default}` : ''}${p['not null'] === 'yes' ? ' NOT NULL' : ''}`, STEP.type);
      break;
    case 'composite type':
      add(`CREATE TYPE ${p._target} AS ()`, STEP.type - 1);
      break;
    case 'range type':
      add(
        `CREATE TYPE ${p._target} AS RANGE (${[
          `SUBTYPE = ${p.subtype}`,
          p['operator class'] && `SUBTYPE_OPCLASS = ${p['operator class']}`,
          p.collation && `COLLATION = ${p.collation}`,
          p.canonical && `CANONICAL = ${p.canonical}`,
          p['subtype diff'] && `SUBTYPE_DIFF = ${p['subtype diff']}`,
          p.multirange && `MULTIRANGE_TYPE_NAME = ${p.multirange}`,
        ]
          .filter(Boolean)
          .join(', ')})`,
        STEP.type,
      );
      break;
    case 'statistics':
      add(p.definition!, STEP.trigger);
      if (p.statistics) add(`ALTER STATISTICS ${p._target} SET STATISTICS ${p.statistics}`, STEP.property);
      break;
    case 'extension':
      out.push({ sql: `CREATE EXTENSION ${p._target} WITH SCHEMA ${p._schema} VERSION ${quoteLiteral(p.version ?? '')}`, as: 'administrator', step: STEP.type - 5 });
      break;
    default:
      return undefined;
  }
  out.push(...ownProperties(o, as));
  for (const child of childrenOf(ctx.expected, o)) {
    const made = createStatements(child, ctx);
    if (made) out.push(...made);
  }
  return out;
}

/** ` GENERATED … AS IDENTITY (SEQUENCE NAME … options)`, from the expected identity sequence. */
function identityClause(column: DbObject, ctx: FixContext): string {
  const p = column.props;
  const owner = `identity of ${p._target}.${p._column}`;
  const sequence = [...ctx.expected.objects.values()].find((s) => s.kind === 'sequence' && s.props['owned by'] === owner);
  const options = sequence ? ` (SEQUENCE NAME ${sequence.props._target} ${sequenceOptions(sequence, false)})` : '';
  return ` GENERATED ${p.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY${options}`;
}

export function sequenceOptions(s: DbObject, withType = true): string {
  const p = s.props;
  return `${withType ? `AS ${p.type} ` : ''}INCREMENT BY ${p.increment} MINVALUE ${p.minimum} MAXVALUE ${p.maximum} START WITH ${p.start} CACHE ${p.cache} ${p.cycle === 'yes' ? 'CYCLE' : 'NO CYCLE'}`;
}

/** What ALTER COLUMN sets beyond ADD COLUMN: storage, compression, statistics target, options. */
export function columnProperties(o: DbObject, as: FixStatement['as']): FixStatement[] {
  const p = o.props;
  const alter = (what: string): FixStatement => ({ sql: `ALTER TABLE ${p._target} ALTER COLUMN ${p._column} ${what}`, as, step: STEP.property });
  const out: FixStatement[] = [];
  if (p.storage && p.storage !== p['_type storage']) out.push(alter(`SET STORAGE ${p.storage.toUpperCase()}`));
  if (p.compression) out.push(alter(`SET COMPRESSION ${p.compression}`));
  if (p.statistics) out.push(alter(`SET STATISTICS ${p.statistics}`));
  if (p.options) out.push(alter(`SET (${optionAssignments(p.options)})`));
  return out;
}

/** What ALTER INDEX and ALTER TABLE add to an index: clustering, replica identity, statistics, tablespace. */
export function indexProperties(o: DbObject, as: FixStatement['as']): FixStatement[] {
  const p = o.props;
  const out: FixStatement[] = [];
  if (p.clustered === 'yes') out.push({ sql: `ALTER TABLE ${p._table} CLUSTER ON ${p._name}`, as, step: STEP.property });
  if (p['replica identity'] === 'yes') out.push({ sql: `ALTER TABLE ${p._table} REPLICA IDENTITY USING INDEX ${p._name}`, as, step: STEP.property });
  for (const entry of p.statistics?.split(', ') ?? []) {
    const [column, target] = entry.split(': ');
    out.push({ sql: `ALTER INDEX ${p._target} ALTER COLUMN ${column} SET STATISTICS ${target}`, as, step: STEP.property });
  }
  if (p.tablespace) out.push({ sql: `ALTER INDEX ${p._target} SET TABLESPACE ${quoteIdent(p.tablespace)}`, as: 'administrator', step: STEP.property });
  return out;
}

export function policySql(o: DbObject): string {
  const p = o.props;
  return `CREATE POLICY ${p._target} ON ${p._table} AS ${p.mode!.toUpperCase()} FOR ${p.command} TO ${p.roles}${p.using ? ` USING (${p.using})` : ''}${p['with check'] ? ` WITH CHECK (${p['with check']})` : ''}`;
}
