import { describe, expect, it } from 'vitest';
import { holds, type Row } from './conditions-helpers.js';

const K = 'aws:PrincipalTag/team';

// [AWS doc rule, operator, key, policy values, request keys, expected]
const rows: Row[] = [
  // "StringEquals: Exact matching, case sensitive"
  ['String: StringEquals exact', 'StringEquals', K, 'blue', { [K]: 'blue' }, true],
  ['String: StringEquals is case sensitive', 'StringEquals', K, 'blue', { [K]: 'Blue' }, false],
  ['String: StringEquals no partial match', 'StringEquals', K, 'blue', { [K]: 'blueberry' }, false],
  ['String: StringEquals treats * literally', 'StringEquals', K, 'bl*', { [K]: 'blue' }, false],
  ['String: StringEquals literal * equals *', 'StringEquals', K, 'bl*', { [K]: 'bl*' }, true],
  ['String: StringEquals empty string', 'StringEquals', K, '', { [K]: '' }, true],
  ['String: StringEquals empty vs value', 'StringEquals', K, '', { [K]: 'x' }, false],
  ['Multiple values: OR', 'StringEquals', K, ['red', 'blue'], { [K]: 'blue' }, true],
  ['Multiple values: OR none', 'StringEquals', K, ['red', 'green'], { [K]: 'blue' }, false],
  ['Key names are case-insensitive', 'StringEquals', 'AWS:PRINCIPALTAG/TEAM', 'blue', { [K]: 'blue' }, true],
  [
    'Key names are case-insensitive (context side)',
    'StringEquals',
    K,
    'blue',
    { 'Aws:principaltag/Team': 'blue' },
    true,
  ],
  ['Missing key: positive operator false', 'StringEquals', K, 'blue', {}, false],
  ['Unicode compared exactly', 'StringEquals', K, 'é', { [K]: 'é' }, true],
  // "StringNotEquals: Negated matching"
  ['String: StringNotEquals different', 'StringNotEquals', K, 'blue', { [K]: 'red' }, true],
  ['String: StringNotEquals same', 'StringNotEquals', K, 'blue', { [K]: 'blue' }, false],
  ['String: StringNotEquals case differs', 'StringNotEquals', K, 'blue', { [K]: 'BLUE' }, true],
  ['Negated multiple values: NOR, none match', 'StringNotEquals', K, ['red', 'green'], { [K]: 'blue' }, true],
  [
    'Negated multiple values: NOR, one matches',
    'StringNotEquals',
    K,
    ['red', 'blue'],
    { [K]: 'blue' },
    false,
  ],
  ['Missing key: negated operator true', 'StringNotEquals', K, 'blue', {}, true],
  // IgnoreCase
  ['String: StringEqualsIgnoreCase', 'StringEqualsIgnoreCase', K, 'BLUE', { [K]: 'blue' }, true],
  ['String: StringEqualsIgnoreCase mixed', 'StringEqualsIgnoreCase', K, 'bLuE', { [K]: 'BlUe' }, true],
  ['String: StringEqualsIgnoreCase differs', 'StringEqualsIgnoreCase', K, 'blue', { [K]: 'blues' }, false],
  ['String: StringEqualsIgnoreCase no wildcards', 'StringEqualsIgnoreCase', K, 'b*', { [K]: 'blue' }, false],
  ['String: StringEqualsIgnoreCase missing', 'StringEqualsIgnoreCase', K, 'blue', {}, false],
  [
    'String: StringNotEqualsIgnoreCase same ignoring case',
    'StringNotEqualsIgnoreCase',
    K,
    'BLUE',
    { [K]: 'blue' },
    false,
  ],
  [
    'String: StringNotEqualsIgnoreCase different',
    'StringNotEqualsIgnoreCase',
    K,
    'red',
    { [K]: 'blue' },
    true,
  ],
  ['String: StringNotEqualsIgnoreCase missing', 'StringNotEqualsIgnoreCase', K, 'red', {}, true],
  // "StringLike: ... multi-character match wildcards (*) and single-character match wildcards (?)"
  ['String: StringLike prefix *', 'StringLike', K, 'bl*', { [K]: 'blue' }, true],
  ['String: StringLike * matches empty', 'StringLike', K, 'blue*', { [K]: 'blue' }, true],
  ['String: StringLike suffix *', 'StringLike', K, '*ue', { [K]: 'blue' }, true],
  ['String: StringLike infix *', 'StringLike', K, 'b*e', { [K]: 'blue' }, true],
  [
    'String: StringLike * crosses /',
    'StringLike',
    's3:prefix',
    'home/*',
    { 's3:prefix': 'home/a/b/c' },
    true,
  ],
  ['String: StringLike ? one char', 'StringLike', K, 'bl?e', { [K]: 'blue' }, true],
  ['String: StringLike ? not zero chars', 'StringLike', K, 'blu?e', { [K]: 'blue' }, false],
  ['String: StringLike ? not two chars', 'StringLike', K, 'b?e', { [K]: 'blue' }, false],
  ['String: StringLike is case sensitive', 'StringLike', K, 'BL*', { [K]: 'blue' }, false],
  ['String: StringLike no wildcard = exact', 'StringLike', K, 'blue', { [K]: 'blue' }, true],
  ['String: StringLike no wildcard no partial', 'StringLike', K, 'blu', { [K]: 'blue' }, false],
  ['String: StringLike * alone matches anything', 'StringLike', K, '*', { [K]: '' }, true],
  ['String: StringLike regex chars are literal', 'StringLike', K, 'a.c*', { [K]: 'abcd' }, false],
  ['String: StringLike regex chars literal match', 'StringLike', K, 'a.c*', { [K]: 'a.cd' }, true],
  ['String: StringLike matches newlines with *', 'StringLike', K, 'a*b', { [K]: 'a\nb' }, true],
  ['String: StringLike multiple stars', 'StringLike', K, '*a*b*c*', { [K]: 'xxaxxbxxcxx' }, true],
  ['String: StringLike multiple stars, order matters', 'StringLike', K, '*a*b*c*', { [K]: 'cba' }, false],
  ['String: StringLike values OR', 'StringLike', K, ['r*', 'b*'], { [K]: 'blue' }, true],
  ['String: StringLike missing', 'StringLike', K, '*', {}, false],
  ['String: StringNotLike no match', 'StringNotLike', K, 'r*', { [K]: 'blue' }, true],
  ['String: StringNotLike match', 'StringNotLike', K, 'b*', { [K]: 'blue' }, false],
  ['String: StringNotLike NOR', 'StringNotLike', K, ['r*', 'b*'], { [K]: 'blue' }, false],
  ['String: StringNotLike missing key true', 'StringNotLike', K, 'b*', {}, true],
  // "...IfExists": "If the key is not present, evaluate the condition element as true"
  ['IfExists: StringEqualsIfExists missing', 'StringEqualsIfExists', K, 'blue', {}, true],
  ['IfExists: StringEqualsIfExists present match', 'StringEqualsIfExists', K, 'blue', { [K]: 'blue' }, true],
  [
    'IfExists: StringEqualsIfExists present no match',
    'StringEqualsIfExists',
    K,
    'blue',
    { [K]: 'red' },
    false,
  ],
  ['IfExists: StringNotEqualsIfExists missing', 'StringNotEqualsIfExists', K, 'blue', {}, true],
  [
    'IfExists: StringNotEqualsIfExists present same',
    'StringNotEqualsIfExists',
    K,
    'blue',
    { [K]: 'blue' },
    false,
  ],
  ['IfExists: StringLikeIfExists missing', 'StringLikeIfExists', 'ec2:InstanceType', 't2.*', {}, true],
  [
    'IfExists: StringLikeIfExists present',
    'StringLikeIfExists',
    'ec2:InstanceType',
    't2.*',
    { 'ec2:InstanceType': 't2.micro' },
    true,
  ],
  [
    'IfExists: StringLikeIfExists present other',
    'StringLikeIfExists',
    'ec2:InstanceType',
    't2.*',
    { 'ec2:InstanceType': 'm5.large' },
    false,
  ],
  ['IfExists: StringNotLikeIfExists present', 'StringNotLikeIfExists', K, 'b*', { [K]: 'red' }, true],
  ['IfExists: StringEqualsIgnoreCaseIfExists missing', 'StringEqualsIgnoreCaseIfExists', K, 'x', {}, true],
];

describe('String condition operators', () => {
  it.each(rows)('%s: %s %s %j with %j -> %s', (_rule, op, key, values, keys, expected) => {
    expect(holds(op, key, values, keys)).toBe(expected);
  });
});
