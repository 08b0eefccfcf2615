import { describe, expect, it } from 'vitest';
import { quoteIdent, quoteLiteral, snakeCase } from '../../src/model/index.ts';
import { checkSqlFragment } from '../../src/model/sql-fragment.ts';
import { compareSemver } from '../../src/model/semver.ts';

describe('quoting', () => {
  it('doubles quotes in identifiers', () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(quoteIdent('x; DROP TABLE y; --')).toBe('"x; DROP TABLE y; --"');
  });
  it('doubles single quotes, and uses E-strings with doubled backslashes when there is a backslash', () => {
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(quoteLiteral('a\\b')).toBe("E'a\\\\b'");
    expect(quoteLiteral("\\'; --")).toBe("E'\\\\''; --'");
    expect(quoteLiteral('$$x$$')).toBe("'$$x$$'");
  });
});

describe('snake_case', () => {
  it.each([
    ['instanceId', 'instance_id'],
    ['HTTPCode', 'http_code'],
    ['userID', 'user_id'],
    ['already_snake', 'already_snake'],
    ['customer-onboarding', 'customer_onboarding'],
    ['v2Name', 'v2_name'],
  ])('%s -> %s', (input, output) => expect(snakeCase(input)).toBe(output));
});

describe('SQL fragments', () => {
  it.each([
    ['now()', undefined],
    ["kind <> ''", undefined],
    ["a = 'x;y' AND b = \"c;d\"", undefined],
    ["E'it\\'s' <> ''", undefined],
    ['$$a;b$$ <> $t$;$t$', undefined],
    ['1); DROP TABLE x', 'it closes a parenthesis it did not open'],
    ['a > 0; SELECT 1', 'it contains a semicolon'],
    ['a > 0 -- hide', 'it contains a -- comment'],
    ['a /* x */ > 0', 'it contains a /* comment */'],
    ["'open", 'it has an unterminated string literal'],
    ['(a > 0', 'its parentheses are not balanced'],
    ['$$x', 'it has an unterminated dollar-quoted string'],
    ['  ', 'it is empty'],
  ])('%s', (text, problem) => expect(checkSqlFragment(text)).toBe(problem));
});

describe('semver order', () => {
  it('orders by precedence', () => {
    const sorted = ['1.0.0', '1.0.0-rc.1', '0.9.10', '1.0.0-alpha', '1.0.0-alpha.1', '1.10.0', '1.2.0'].sort(compareSemver);
    expect(sorted).toEqual(['0.9.10', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-rc.1', '1.0.0', '1.2.0', '1.10.0']);
  });
});
