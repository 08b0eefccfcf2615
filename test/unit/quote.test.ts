import { describe, expect, it } from 'vitest';
import { quoteIdent, quoteLiteral, snakeCase } from '../../src/model/index.ts';
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

describe('semver order', () => {
  it('orders by precedence', () => {
    const sorted = ['1.0.0', '1.0.0-rc.1', '0.9.10', '1.0.0-alpha', '1.0.0-alpha.1', '1.10.0', '1.2.0'].sort(compareSemver);
    expect(sorted).toEqual(['0.9.10', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-rc.1', '1.0.0', '1.2.0', '1.10.0']);
  });
});
