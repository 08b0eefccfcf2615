import { quoteIdent } from '../../model/index.ts';
import type { DbObject } from '../objects.ts';

/** One aclitem: grantee ('' is PUBLIC), privilege letters (a `*` after one: with grant option), grantor. */
export interface AclItem {
  readonly grantee: string;
  readonly privileges: string;
  readonly grantor: string;
}

const PRIVILEGES: Readonly<Record<string, string>> = {
  r: 'SELECT', w: 'UPDATE', a: 'INSERT', d: 'DELETE', D: 'TRUNCATE', x: 'REFERENCES', t: 'TRIGGER', X: 'EXECUTE', U: 'USAGE',
  C: 'CREATE', c: 'CONNECT', T: 'TEMPORARY', m: 'MAINTAIN', s: 'SET', A: 'ALTER SYSTEM',
};

/** A role name as aclitem text writes it: bare, or double-quoted with "" for a quote. */
function readName(text: string, at: number): [string, number] {
  if (text[at] !== '"') {
    let end = at;
    while (end < text.length && !'=/,'.includes(text[end]!)) end++;
    return [text.slice(at, end), end];
  }
  let name = '';
  let i = at + 1;
  for (;;) {
    if (i >= text.length) return [name, i];
    if (text[i] === '"') {
      if (text[i + 1] === '"') {
        name += '"';
        i += 2;
        continue;
      }
      return [name, i + 1];
    }
    name += text[i++];
  }
}

/** The items of an ACL as the catalog queries print it (sorted aclitems joined by ', '). */
export function parseAcl(text: string | null): AclItem[] {
  if (!text) return [];
  const items: AclItem[] = [];
  let i = 0;
  while (i < text.length) {
    const [grantee, afterGrantee] = readName(text, i);
    let end = afterGrantee + 1;
    while (end < text.length && text[end] !== '/') end++;
    const privileges = text.slice(afterGrantee + 1, end);
    const [grantor, afterGrantor] = readName(text, end + 1);
    items.push({ grantee, privileges, grantor });
    i = afterGrantor;
    while (text[i] === ',' || text[i] === ' ') i++;
  }
  return items;
}

const roleSql = (grantee: string) => (grantee === '' ? 'PUBLIC' : quoteIdent(grantee));

/** `SELECT, INSERT` and the ones with grant option, from an item's letters. */
function privilegeLists(letters: string): { plain: string[]; grantable: string[] } {
  const plain: string[] = [];
  const grantable: string[] = [];
  for (let i = 0; i < letters.length; i++) {
    const name = PRIVILEGES[letters[i]!];
    if (!name) continue;
    if (letters[i + 1] === '*') {
      grantable.push(name);
      i++;
    } else plain.push(name);
  }
  return { plain, grantable };
}

/**
 * Statements that take an object's privileges from `live` to `expected`:
 * everything every grantee of either side holds is revoked, then what
 * `expected` lists is granted (run as the owner, or as a superuser, which
 * PostgreSQL treats as the owner). `on` is the GRANT target (`TABLE s.t`),
 * `columns` a column list for column privileges.
 */
export function privilegeStatements(on: string, live: string | null, expected: string | null, columns?: string): string[] {
  const cols = columns === undefined ? '' : ` (${columns})`;
  const liveItems = parseAcl(live);
  const expectedItems = parseAcl(expected);
  const grantees = [...new Set([...liveItems, ...expectedItems].map((i) => i.grantee))].sort();
  const out = grantees.length ? [`REVOKE ALL${cols} ON ${on} FROM ${grantees.map(roleSql).join(', ')}`] : [];
  for (const item of expectedItems) {
    const { plain, grantable } = privilegeLists(item.privileges);
    const list = (names: string[]) => (columns === undefined ? names.join(', ') : names.map((n) => `${n}${cols}`).join(', '));
    if (plain.length) out.push(`GRANT ${list(plain)} ON ${on} TO ${roleSql(item.grantee)}`);
    if (grantable.length) out.push(`GRANT ${list(grantable)} ON ${on} TO ${roleSql(item.grantee)} WITH GRANT OPTION`);
  }
  return out;
}

/**
 * The same for an entry of default privileges (`ALTER DEFAULT PRIVILEGES FOR
 * ROLE r [IN SCHEMA s]`): its role, whose own privileges the database-wide
 * defaults hold too, and the objects it applies to. `expected` null: no
 * entry, which is PostgreSQL's default database-wide and nothing in a schema.
 */
export function defaultPrivilegeStatements(entry: DbObject, live: string | null, expected: string | null): string[] {
  const p = entry.props;
  const prefix = `ALTER DEFAULT PRIVILEGES FOR ROLE ${p._role}${p._schema ? ` IN SCHEMA ${p._schema}` : ''}`;
  const objects = p._objects!;
  const owner = unquote(p._role!);
  const global = !p._schema;
  const liveItems = parseAcl(live);
  let expectedItems = parseAcl(expected);
  // No database-wide entry is PostgreSQL's default: the owner holds everything, PUBLIC may run functions and use types.
  if (global && expected === null)
    expectedItems = [
      { grantee: owner, privileges: { tables: 'arwdDxt', sequences: 'rwU', functions: 'X', types: 'U', schemas: 'UC' }[objects] ?? '', grantor: owner },
      ...(objects === 'functions' ? [{ grantee: '', privileges: 'X', grantor: owner }] : objects === 'types' ? [{ grantee: '', privileges: 'U', grantor: owner }] : []),
    ];
  const grantees = [...new Set([...liveItems, ...expectedItems].map((i) => i.grantee))].sort();
  const out = grantees.length ? [`${prefix} REVOKE ALL ON ${objects} FROM ${grantees.map(roleSql).join(', ')}`] : [];
  for (const item of expectedItems) {
    const { plain, grantable } = privilegeLists(item.privileges);
    if (plain.length) out.push(`${prefix} GRANT ${plain.join(', ')} ON ${objects} TO ${roleSql(item.grantee)}`);
    if (grantable.length) out.push(`${prefix} GRANT ${grantable.join(', ')} ON ${objects} TO ${roleSql(item.grantee)} WITH GRANT OPTION`);
  }
  return out;
}

function unquote(name: string): string {
  return name.startsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name;
}
