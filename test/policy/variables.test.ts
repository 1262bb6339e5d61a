// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...}
import { describe, expect, it } from 'vitest';
import {
  matchGlobTokens,
  parseTemplate,
  resolveGlobTokens,
  resolveTemplate,
  STAR,
  staticGlobTokens,
} from '../../src/policy/variables.js';
import { holds, type Keys, list, scope } from './conditions-helpers.js';

const V12 = '2012-10-17';
const V08 = '2008-10-17';

const resolve = (text: string, keys: Keys = {}, version: '2012-10-17' | '2008-10-17' = V12) =>
  resolveTemplate(parseTemplate(text, version), scope(keys));

describe('parseTemplate / resolveTemplate', () => {
  // [doc rule, template, context keys, resolved (undefined = no value)]
  const rows: [string, string, Keys, string | undefined][] = [
    [
      'Variables: ${aws:username} replaced by the user name',
      'home/${aws:username}/',
      { 'aws:username': 'alice' },
      'home/alice/',
    ],
    ['Variables: ${aws:userid}', '${aws:userid}', { 'aws:userid': 'AIDAEXAMPLE' }, 'AIDAEXAMPLE'],
    [
      'Variables: tag key ${aws:PrincipalTag/department}',
      'bucket/${aws:PrincipalTag/department}',
      { 'aws:PrincipalTag/department': 'hr' },
      'bucket/hr',
    ],
    ['Variables: any context key (s3:prefix)', '${s3:prefix}', { 's3:prefix': 'p/' }, 'p/'],
    ['Variables: key names are case-insensitive', '${AWS:UserName}', { 'aws:username': 'alice' }, 'alice'],
    [
      'Variables: several in one string',
      '${aws:PrincipalTag/a}-${aws:PrincipalTag/b}-x',
      { 'aws:PrincipalTag/a': '1', 'aws:PrincipalTag/b': '2' },
      '1-2-x',
    ],
    ['Variables: adjacent', '${x:a}${x:b}', { 'x:a': 'A', 'x:b': 'B' }, 'AB'],
    ['Variables: no value -> unresolved', 'home/${aws:username}', {}, undefined],
    ['Variables: one of several missing -> unresolved', '${x:a}${x:b}', { 'x:a': 'A' }, undefined],
    [
      'Variables: multivalued key cannot be a variable',
      '${aws:TagKeys}',
      { 'aws:TagKeys': list('stringList', 'a') },
      undefined,
    ],
    [
      'Variables: multivalued key with several values',
      '${aws:TagKeys}',
      { 'aws:TagKeys': list('stringList', 'a', 'b') },
      undefined,
    ],
    ['Variables: empty string value is a value', 'x${x:a}y', { 'x:a': '' }, 'xy'],
    ['Special characters: ${*}', 'a${*}b', {}, 'a*b'],
    ['Special characters: ${?}', 'a${?}b', {}, 'a?b'],
    ['Special characters: ${$}', '${$}{aws:username}', { 'aws:username': 'alice' }, '${aws:username}'],
    ['Default values: used when no value', "${aws:PrincipalTag/team, 'company-wide'}", {}, 'company-wide'],
    [
      'Default values: ignored when a value exists',
      "${aws:PrincipalTag/team, 'company-wide'}",
      { 'aws:PrincipalTag/team': 'yellow' },
      'yellow',
    ],
    [
      'Default values: anonymous example',
      "arn:aws:s3:::bucket/${aws:userid, 'anonymous'}",
      {},
      'arn:aws:s3:::bucket/anonymous',
    ],
    [
      'Default values: used for a multivalued key',
      "${aws:TagKeys, 'none'}",
      { 'aws:TagKeys': list('stringList', 'a') },
      'none',
    ],
    ['Default values: empty default', "a${x:k, ''}b", {}, 'ab'],
    ['Default values: no space after comma accepted', "${x:k,'d'}", {}, 'd'],
    ['Default values: extra spaces accepted', "${ x:k ,   'd' }", {}, 'd'],
    ['Default values: case kept', "${x:k, 'MiXeD'}", {}, 'MiXeD'],
    ['Default values: may contain spaces, commas, braces', "${x:k, 'a, {b} c'}", {}, 'a, {b} c'],
    ['Default values: is not re-expanded', "${x:k, '${x:other}'}", { 'x:other': 'NO' }, '${x:other}'],
    ['Default values: unquoted default is not a variable', '${x:k, d}', {}, '${x:k, d}'],
    ['Not a variable: ${} kept literally', 'a${}b', {}, 'a${}b'],
    ['Not a variable: unclosed', 'a${x:k', {}, 'a${x:k'],
    ['Not a variable: lone $', 'cost$5', {}, 'cost$5'],
    ['Not a variable: ${ nested', '${a${x:k}}', { 'x:k': 'v' }, '${av}'],
    [
      'Values are inserted once (no recursive expansion)',
      '${x:a}',
      { 'x:a': '${x:b}', 'x:b': 'no' },
      '${x:b}',
    ],
    [
      'Key with a space inside (tag key)',
      '${aws:PrincipalTag/cost center}',
      { 'aws:PrincipalTag/cost center': 'cc' },
      'cc',
    ],
  ];
  it.each(rows)('%s: %j', (_rule, text, keys, expected) => {
    expect(resolve(text, keys)).toBe(expected);
  });

  // "Variables were introduced in version 2012-10-17 ... variables like ${aws:username} are treated
  // as literal strings in the policy."
  it.each(['${aws:username}', '${*}', "${x:k, 'd'}", 'a${$}b'])('2008-10-17 keeps %j literal', (text) => {
    const t = parseTemplate(text, V08);
    expect(t.hasVariables).toBe(false);
    expect(resolve(text, { 'aws:username': 'alice' }, V08)).toBe(text);
  });

  it('marks templates that need the request', () => {
    expect(parseTemplate('a${*}', V12)).toMatchObject({ dynamic: false, hasVariables: true });
    expect(parseTemplate('a${x:y}', V12)).toMatchObject({ dynamic: true, hasVariables: true });
    expect(parseTemplate('plain', V12)).toMatchObject({ dynamic: false, hasVariables: false });
  });

  it('reports a variable without value to the missing sink, in written case', () => {
    const missing = new Set<string>();
    resolveTemplate(parseTemplate('${AWS:UserName}', V12), scope({}, missing));
    expect([...missing]).toEqual(['AWS:UserName']);
  });
  it('does not report a variable that fell back to its default', () => {
    const missing = new Set<string>();
    resolveTemplate(parseTemplate("${x:k, 'd'}", V12), scope({}, missing));
    expect(missing.size).toBe(0);
  });
});

describe('glob tokens', () => {
  it('keeps author wildcards and makes substituted text literal', () => {
    const t = parseTemplate('home/${aws:username}/*', V12);
    expect(resolveGlobTokens(t, scope({ 'aws:username': 'a*' }))).toEqual(['home/a*/', STAR]);
  });
  it('makes ${*} literal', () => {
    expect(staticGlobTokens(parseTemplate('a${*}b*', V12))).toEqual(['a*b', STAR]);
  });
  it.each([
    ['a*', 'abc', true],
    ['*c', 'abc', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['*', '', true],
    ['', '', true],
    ['', 'x', false],
    ['a**b', 'ab', true],
    ['*a*a*a*', 'aaa', true],
    ['*a*a*a*', 'aa', false],
    ['*ab*ab', 'abxabab', true],
    ['?*?', 'a', false],
    ['?*?', 'ab', true],
  ] as const)('glob %j matches %j: %s', (pattern, s, expected) => {
    expect(matchGlobTokens(staticGlobTokens(parseTemplate(pattern, V12)), s)).toBe(expected);
  });
  it('is fast on pathological patterns', () => {
    const pattern = `${'*a'.repeat(30)}b`;
    const start = performance.now();
    expect(matchGlobTokens(staticGlobTokens(parseTemplate(pattern, V12)), 'a'.repeat(5000))).toBe(false);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

// Variables in conditions: "You can use a policy variable for Condition values in any condition
// that involves the string operators or the ARN operators."
describe('variables in condition values', () => {
  const U = 'aws:username';
  const rows: [string, string, string, string | string[], Keys, boolean][] = [
    [
      'StringEquals with ${aws:username}',
      'StringEquals',
      'x:owner',
      '${aws:username}',
      { 'x:owner': 'alice', [U]: 'alice' },
      true,
    ],
    [
      'StringEquals with other user',
      'StringEquals',
      'x:owner',
      '${aws:username}',
      { 'x:owner': 'bob', [U]: 'alice' },
      false,
    ],
    [
      'StringLike home prefix (doc example)',
      'StringLike',
      's3:prefix',
      ['', 'home/', 'home/${aws:username}/'],
      { 's3:prefix': 'home/alice/', [U]: 'alice' },
      true,
    ],
    [
      'StringLike with wildcard after variable',
      'StringLike',
      's3:prefix',
      'home/${aws:username}/*',
      { 's3:prefix': 'home/alice/docs/x', [U]: 'alice' },
      true,
    ],
    [
      'StringLike substituted value is literal (no wildcard injection)',
      'StringLike',
      's3:prefix',
      'home/${aws:username}/*',
      { 's3:prefix': 'home/bob/x', [U]: '*' },
      false,
    ],
    [
      'StringLike substituted ? is literal',
      'StringLike',
      'x:k',
      '${aws:username}',
      { 'x:k': 'ab', [U]: 'a?' },
      false,
    ],
    [
      'StringLike substituted * matches a literal *',
      'StringLike',
      'x:k',
      '${aws:username}',
      { 'x:k': 'a*', [U]: 'a*' },
      true,
    ],
    ['StringLike ${*} is a literal star', 'StringLike', 'x:k', 'a${*}', { 'x:k': 'abc' }, false],
    ['StringLike ${*} matches a star', 'StringLike', 'x:k', 'a${*}', { 'x:k': 'a*' }, true],
    ['StringLike ${?} is a literal question mark', 'StringLike', 'x:k', 'why${?}', { 'x:k': 'why?' }, true],
    [
      'StringEqualsIgnoreCase with variable',
      'StringEqualsIgnoreCase',
      'x:k',
      '${aws:username}',
      { 'x:k': 'ALICE', [U]: 'alice' },
      true,
    ],
    [
      'StringNotEqualsIgnoreCase with variable',
      'StringNotEqualsIgnoreCase',
      'x:k',
      '${aws:username}',
      { 'x:k': 'ALICE', [U]: 'alice' },
      false,
    ],
    [
      'Tag to tag (ExistingObjectTag = PrincipalTag)',
      'StringEquals',
      's3:ExistingObjectTag/Team',
      '${aws:PrincipalTag/Team}',
      { 's3:ExistingObjectTag/Team': 'red', 'aws:PrincipalTag/Team': 'red' },
      true,
    ],
    // "Policy variables with no value": positive operators "do not match"; inverted operators "do
    // match against a null value" (the known peer simulator returns false here).
    [
      'No value: StringEquals does not match',
      'StringEquals',
      's3:ExistingObjectTag/Team',
      '${aws:PrincipalTag/Team}',
      { 's3:ExistingObjectTag/Team': 'red' },
      false,
    ],
    [
      'No value: StringLike does not match',
      'StringLike',
      's3:ExistingObjectTag/Team',
      '${aws:PrincipalTag/Team}*',
      { 's3:ExistingObjectTag/Team': 'red' },
      false,
    ],
    [
      'No value: StringNotEquals matches (doc Deny example)',
      'StringNotEquals',
      's3:ExistingObjectTag/Team',
      '${aws:PrincipalTag/Team}',
      { 's3:ExistingObjectTag/Team': 'red' },
      true,
    ],
    [
      'No value: StringNotLike matches',
      'StringNotLike',
      's3:ExistingObjectTag/Team',
      '${aws:PrincipalTag/Team}*',
      { 's3:ExistingObjectTag/Team': 'red' },
      true,
    ],
    [
      'No value: StringNotEquals with both absent',
      'StringNotEquals',
      's3:ExistingObjectTag/Team',
      '${aws:PrincipalTag/Team}',
      {},
      true,
    ],
    [
      'No value: other values still count',
      'StringEquals',
      'x:k',
      ['${aws:username}', 'fixed'],
      { 'x:k': 'fixed' },
      true,
    ],
    [
      'No value: negated NOR over the remaining values',
      'StringNotEquals',
      'x:k',
      ['${aws:username}', 'fixed'],
      { 'x:k': 'fixed' },
      false,
    ],
    [
      'No value: default makes it match',
      'StringEquals',
      'x:k',
      "${aws:PrincipalTag/team, 'company-wide'}",
      { 'x:k': 'company-wide' },
      true,
    ],
    [
      'No value: ForAnyValue',
      'ForAnyValue:StringEquals',
      'x:k',
      '${aws:username}',
      { 'x:k': list('stringList', 'a') },
      false,
    ],
    [
      'No value: ForAllValues:StringNotEquals',
      'ForAllValues:StringNotEquals',
      'x:k',
      '${aws:username}',
      { 'x:k': list('stringList', 'a') },
      true,
    ],
    [
      'Variable with ForAnyValue',
      'ForAnyValue:StringEquals',
      'x:k',
      '${aws:username}',
      { 'x:k': list('stringList', 'a', 'alice'), [U]: 'alice' },
      true,
    ],
    // Only String and ARN operators substitute.
    ['Numeric: not substituted', 'NumericEquals', 'x:n', '${x:m}', { 'x:n': '1', 'x:m': '1' }, false],
    ['Date: not substituted', 'DateEquals', 'x:d', '${x:e}', { 'x:d': '1', 'x:e': '1' }, false],
    ['Bool: not substituted', 'Bool', 'x:b', '${x:c}', { 'x:b': 'true', 'x:c': 'true' }, false],
    [
      'IpAddress: not substituted',
      'IpAddress',
      'x:ip',
      '${x:net}',
      { 'x:ip': '10.0.0.1', 'x:net': '10.0.0.0/8' },
      false,
    ],
    [
      'BinaryEquals: not substituted',
      'BinaryEquals',
      'x:b',
      '${x:c}',
      { 'x:b': 'QQ==', 'x:c': 'QQ==' },
      false,
    ],
    [
      'Keys are not substituted',
      'StringEquals',
      'aws:PrincipalTag/${aws:username}',
      'x',
      { 'aws:PrincipalTag/alice': 'x', [U]: 'alice' },
      false,
    ],
    ['Keys are taken literally', 'StringEquals', 'x:${y}', 'v', { 'x:${y}': 'v' }, true],
  ];
  it.each(rows)('%s', (_rule, op, key, values, keys, expected) => {
    expect(holds(op, key, values, keys)).toBe(expected);
  });

  // In 2008-10-17 documents the text is literal.
  it.each([
    ['StringEquals', '${aws:username}', '${aws:username}', true],
    ['StringEquals', '${aws:username}', 'alice', false],
    ['StringLike', '${aws:username}*', '${aws:username}/x', true],
    ['StringNotEquals', '${aws:PrincipalTag/Team}', 'red', true],
    ['ArnEquals', 'arn:aws:iam::1:user/${aws:username}', 'arn:aws:iam::1:user/alice', false],
  ] as const)('2008-10-17: %s %j vs %j -> %s', (op, value, ctx, expected) => {
    expect(holds(op, 'x:k', value, { 'x:k': ctx, 'aws:username': 'alice' }, V08)).toBe(expected);
  });
});
