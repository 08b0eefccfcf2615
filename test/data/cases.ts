import { randomUUID } from 'node:crypto';

/**
 * Data documents of flow typed-data (test/data/definitions): one valid
 * document, and per field a valid value, invalid values with their exact
 * violations, and its JSON pointer. Shared by the runtime, CLI and client
 * tests, so all three are held to the same messages.
 */
export function validDocument(): Record<string, unknown> {
  return {
    aText: 'text',
    aVarchar: 'abcde',
    aChar: 'abc',
    aSmallint: 32767,
    anInteger: -2147483648,
    aBigint: 9007199254740991,
    requestedAmount: 9999.99,
    aWhole: 9999,
    anyNumeric: 1e300,
    aReal: 1.5,
    aDouble: -1e308,
    aBoolean: false,
    aDate: '2024-02-29',
    aTime: '23:59:59.123456',
    aTimestamp: '2024-01-31T10:00:00',
    aTimestamptz: '2024-01-31T10:00:00+02:00',
    anInterval: '1 day',
    aUuid: randomUUID(),
    aJson: null,
    aJsonb: { a: [1, 'x'] },
    aBytea: '\\x00ff',
    anInet: '192.168.0.1/24',
    channel: 'sms',
    tags: ['a', 'b'],
    levels: ['low', 'high'],
    counts: [1, 2],
    'a/b~c': 'slash and tilde',
  };
}

export interface FieldCase {
  readonly field: string;
  readonly pointer: string;
  /** values the field takes besides validDocument()'s */
  readonly valid: readonly unknown[];
  /** [value, its violations as `pointer: message`] */
  readonly invalid: readonly (readonly [unknown, readonly string[]])[];
}

const TZ = 'must be a timestamp with a time zone offset, as YYYY-MM-DDThh:mm:ssZ or YYYY-MM-DDThh:mm:ss+hh:mm';

export const FIELD_CASES: readonly FieldCase[] = [
  { field: 'aText', pointer: '/aText', valid: ['', 'ünïcødé 😀'], invalid: [[5, ['/aText: must be a string']], [null, ['/aText: must be a string']]] },
  { field: 'aVarchar', pointer: '/aVarchar', valid: ['ééééé', '😀😀😀😀😀'], invalid: [['abcdef', ['/aVarchar: must be at most 5 characters long']], [['a'], ['/aVarchar: must be a string']]] },
  { field: 'aChar', pointer: '/aChar', valid: ['ab'], invalid: [['abcd', ['/aChar: must be at most 3 characters long']]] },
  { field: 'aSmallint', pointer: '/aSmallint', valid: [-32768, 0], invalid: [[32768, ['/aSmallint: must be at most 32767']], [1.5, ['/aSmallint: must be an integer']], ['1', ['/aSmallint: must be an integer']]] },
  { field: 'anInteger', pointer: '/anInteger', valid: [2147483647, 7.0], invalid: [[2147483648, ['/anInteger: must be at most 2147483647']], ['1', ['/anInteger: must be an integer']]] },
  { field: 'aBigint', pointer: '/aBigint', valid: [-9007199254740991], invalid: [[9007199254740992, ['/aBigint: must be at most 9007199254740991']], ['12', ['/aBigint: must be an integer']]] },
  {
    field: 'requestedAmount',
    pointer: '/requestedAmount',
    valid: [0.07, -9999.99, 12],
    invalid: [
      ['lots', ['/requestedAmount: must be a number']],
      [10000, ['/requestedAmount: must be less than 10000']],
      [-10000, ['/requestedAmount: must be greater than -10000']],
      [1.005, ['/requestedAmount: must have at most 2 decimal places']],
      [10000.001, ['/requestedAmount: must be less than 10000', '/requestedAmount: must have at most 2 decimal places']],
    ],
  },
  { field: 'aWhole', pointer: '/aWhole', valid: [-9999], invalid: [[1.5, ['/aWhole: must be an integer']], [10000, ['/aWhole: must be less than 10000']]] },
  { field: 'anyNumeric', pointer: '/anyNumeric', valid: [-0.000001, 42], invalid: [[true, ['/anyNumeric: must be a number']], ['1', ['/anyNumeric: must be a number']]] },
  { field: 'aReal', pointer: '/aReal', valid: [-3.4e38], invalid: [[1e39, ['/aReal: must be at most 3.4028234663852886e+38']]] },
  { field: 'aDouble', pointer: '/aDouble', valid: [0], invalid: [[null, ['/aDouble: must be a number']]] },
  { field: 'aBoolean', pointer: '/aBoolean', valid: [true], invalid: [['true', ['/aBoolean: must be a boolean']], [0, ['/aBoolean: must be a boolean']]] },
  { field: 'aDate', pointer: '/aDate', valid: ['2000-12-31'], invalid: [['2023-02-29', ['/aDate: must be a date as YYYY-MM-DD']], ['2024-1-01', ['/aDate: must be a date as YYYY-MM-DD']], ['2024-01-31T00:00:00Z', ['/aDate: must be a date as YYYY-MM-DD']]] },
  { field: 'aTime', pointer: '/aTime', valid: ['00:00:00', '12:30:00+05:30', '12:30:00Z'], invalid: [['24:00:00', ['/aTime: must be a time as hh:mm:ss']], ['12:30', ['/aTime: must be a time as hh:mm:ss']]] },
  { field: 'aTimestamp', pointer: '/aTimestamp', valid: ['2024-01-31 10:00:00.5', '2024-01-31T10:00:00.000Z'], invalid: [['2024-01-31', ['/aTimestamp: must be a timestamp as YYYY-MM-DDThh:mm:ss']], ['2024-13-01T00:00:00', ['/aTimestamp: must be a timestamp as YYYY-MM-DDThh:mm:ss']]] },
  { field: 'aTimestamptz', pointer: '/aTimestamptz', valid: ['2024-01-31T10:00:00Z', '2024-01-31T10:00:00.123-0800'], invalid: [['2024-01-31T10:00:00', [`/aTimestamptz: ${TZ}`]], ['yesterday', [`/aTimestamptz: ${TZ}`]]] },
  { field: 'anInterval', pointer: '/anInterval', valid: ['P1D', '01:00:00'], invalid: [[3600, ['/anInterval: must be a string']]] },
  { field: 'aUuid', pointer: '/aUuid', valid: [], invalid: [['not-a-uuid', ['/aUuid: must be a UUID (8-4-4-4-12 hexadecimal digits)']], ['3f1c9c2e00004000800000000000001a', ['/aUuid: must be a UUID (8-4-4-4-12 hexadecimal digits)']]] },
  { field: 'aJson', pointer: '/aJson', valid: [{ any: 'thing' }, [1, 2], 'text', 3], invalid: [] },
  { field: 'aJsonb', pointer: '/aJsonb', valid: [null, true], invalid: [] },
  { field: 'aBytea', pointer: '/aBytea', valid: [''], invalid: [[[0, 255], ['/aBytea: must be a string']]] },
  {
    field: 'anInet',
    pointer: '/anInet',
    valid: ['10.0.0.1', '::1', '2001:db8::/32', '::ffff:10.0.0.1', 'fe80:0:0:0:0:0:0:1'],
    invalid: [
      ['300.1.1.1', ['/anInet: must be an IPv4 or IPv6 address, with an optional /prefix']],
      ['10.0.0.1/33', ['/anInet: must be an IPv4 or IPv6 address, with an optional /prefix']],
      ['1:2:3:4:5:6:7:8:9', ['/anInet: must be an IPv4 or IPv6 address, with an optional /prefix']],
      ['localhost', ['/anInet: must be an IPv4 or IPv6 address, with an optional /prefix']],
    ],
  },
  { field: 'channel', pointer: '/channel', valid: ['push'], invalid: [['fax', ['/channel: must be one of "sms", "email", "push"']], [1, ['/channel: must be a string']]] },
  { field: 'tags', pointer: '/tags', valid: [[]], invalid: [[['a', 1, 'b', false], ['/tags/1: must be a string', '/tags/3: must be a string']], ['a', ['/tags: must be an array']]] },
  { field: 'levels', pointer: '/levels', valid: [['high']], invalid: [[['mid'], ['/levels/0: must be one of "low", "high"']]] },
  { field: 'counts', pointer: '/counts', valid: [[-1, 0]], invalid: [[[1.5], ['/counts/0: must be an integer']], [[1, 2147483648], ['/counts/1: must be at most 2147483647']]] },
  { field: 'a/b~c', pointer: '/a~1b~0c', valid: ['x'], invalid: [[1, ['/a~1b~0c: must be a string']]] },
];

/** The issue's reproductions (`start --data …`): each was stored before the checks. */
export const ISSUE_CASES: readonly (readonly [string, string])[] = [
  ['[1,2]', ': must be an object'],
  ['"just a string"', ': must be an object'],
  [
    '{}',
    FIELD_CASES.filter((c) => c.field !== 'note')
      .map((c) => `${c.pointer}: is required`)
      .slice(0, 10)
      .join('; ') + `; (and ${FIELD_CASES.length - 10} more)`,
  ],
];

/** `{"channel":"fax","bogus":1,"requestedAmount":"lots"}` on top of a valid document: the two declared fields are refused, the extra one is not. */
export function issueDocument(): Record<string, unknown> {
  return { ...validDocument(), channel: 'fax', bogus: 1, requestedAmount: 'lots' };
}
export const ISSUE_DOCUMENT_MESSAGE = '/requestedAmount: must be a number; /channel: must be one of "sms", "email", "push"';
