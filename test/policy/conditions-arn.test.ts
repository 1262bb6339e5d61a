// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...}
import { describe, expect, it } from 'vitest';
import { holds, list, type Row } from './conditions-helpers.js';

const K = 'aws:SourceArn';
const P = 'aws:PrincipalArn';
const topic = 'arn:aws:sns:us-east-1:123456789012:my-topic';

// "ArnEquals, ArnLike: Case-sensitive matching of the ARN. Each of the six colon-delimited
// components of the ARN is checked separately and each can include multi-character match wildcards
// (*) or single-character match wildcards (?). The ArnEquals and ArnLike condition operators behave
// identically."
const rows: Row[] = [
  ['ARN: ArnEquals exact', 'ArnEquals', K, topic, { [K]: topic }, true],
  ['ARN: ArnEquals differs', 'ArnEquals', K, topic, { [K]: `${topic}2` }, false],
  ['ARN: ArnEquals case-sensitive', 'ArnEquals', K, topic, { [K]: topic.toUpperCase() }, false],
  [
    'ARN: ArnEquals allows wildcards (identical to ArnLike)',
    'ArnEquals',
    K,
    'arn:aws:sns:*:123456789012:*',
    { [K]: topic },
    true,
  ],
  ['ARN: ArnLike region wildcard', 'ArnLike', K, 'arn:aws:sns:*:123456789012:my-topic', { [K]: topic }, true],
  [
    'ARN: ArnLike ? in region',
    'ArnLike',
    K,
    'arn:aws:sns:us-east-?:123456789012:my-topic',
    { [K]: topic },
    true,
  ],
  ['ARN: ArnLike account wildcard', 'ArnLike', K, 'arn:aws:sns:us-east-1:*:my-topic', { [K]: topic }, true],
  [
    'ARN: ArnLike resource prefix',
    'ArnLike',
    P,
    'arn:aws:iam::222222222222:user/*',
    { [P]: 'arn:aws:iam::222222222222:user/Ana' },
    true,
  ],
  [
    'ARN: ArnLike resource crosses /',
    'ArnLike',
    P,
    'arn:aws:iam::222222222222:*',
    { [P]: 'arn:aws:iam::222222222222:role/path/R' },
    true,
  ],
  [
    'ARN: ArnLike resource crosses :',
    'ArnLike',
    K,
    'arn:aws:logs:us-east-1:1:log-group:*',
    { [K]: 'arn:aws:logs:us-east-1:1:log-group:a:b' },
    true,
  ],
  // The documented counter-example: the first * must not swallow colons in the region field.
  [
    'ARN: ArnLike wildcard stays inside its field (doc example)',
    'ArnLike',
    K,
    'arn:aws:someservice:*:111122223333:finance/*',
    { [K]: 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt' },
    false,
  ],
  [
    'ARN: StringLike matches the same doc example',
    'StringLike',
    K,
    'arn:aws:someservice:*:111122223333:finance/*',
    { [K]: 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt' },
    true,
  ],
  ['ARN: ArnLike * alone matches any ARN', 'ArnLike', K, '*', { [K]: topic }, true],
  ['ARN: ArnLike non-ARN context value', 'ArnLike', K, 'arn:aws:sns:*:*:*', { [K]: 'not-an-arn' }, false],
  ['ARN: ArnLike service field exact', 'ArnLike', K, 'arn:aws:sqs:*:*:*', { [K]: topic }, false],
  ['ARN: ArnLike partition', 'ArnLike', K, 'arn:aws-cn:sns:*:*:*', { [K]: topic }, false],
  [
    'ARN: ArnLike empty region in pattern and value',
    'ArnLike',
    P,
    'arn:aws:iam::*:root',
    { [P]: 'arn:aws:iam::123456789012:root' },
    true,
  ],
  [
    'ARN: values OR',
    'ArnLike',
    P,
    ['arn:aws:iam::222222222222:user/Ana', 'arn:aws:iam::222222222222:user/Mary'],
    { [P]: 'arn:aws:iam::222222222222:user/Mary' },
    true,
  ],
  [
    'ARN: values OR none (Nikki)',
    'ArnLike',
    P,
    ['arn:aws:iam::222222222222:user/Ana', 'arn:aws:iam::222222222222:user/Mary'],
    { [P]: 'arn:aws:iam::222222222222:user/Nikki' },
    false,
  ],
  ['ARN: missing key false', 'ArnEquals', K, topic, {}, false],
  // "ArnNotEquals, ArnNotLike: Negated matching for ARN"
  [
    'ARN: ArnNotLike NOR: Nikki',
    'ArnNotLike',
    P,
    ['arn:aws:iam::222222222222:user/Ana', 'arn:aws:iam::222222222222:user/Mary'],
    { [P]: 'arn:aws:iam::222222222222:user/Nikki' },
    true,
  ],
  [
    'ARN: ArnNotLike NOR: Mary',
    'ArnNotLike',
    P,
    ['arn:aws:iam::222222222222:user/Ana', 'arn:aws:iam::222222222222:user/Mary'],
    { [P]: 'arn:aws:iam::222222222222:user/Mary' },
    false,
  ],
  [
    'ARN: ArnNotEquals wildcard',
    'ArnNotEquals',
    P,
    'arn:aws:iam::*:role/Admin*',
    { [P]: 'arn:aws:iam::1:role/AdminX' },
    false,
  ],
  ['ARN: ArnNotEquals missing key true', 'ArnNotEquals', P, 'arn:aws:iam::*:role/Admin', {}, true],
  [
    'ARN: ArnNotLike non-ARN context is not like',
    'ArnNotLike',
    K,
    'arn:aws:sns:*:*:*',
    { [K]: 'garbage' },
    true,
  ],
  // Variables are allowed in ARN operators.
  [
    'Variables: ArnLike with ${aws:PrincipalAccount}',
    'ArnLike',
    K,
    'arn:aws:sns:*:${aws:PrincipalAccount}:*',
    { [K]: topic, 'aws:PrincipalAccount': '123456789012' },
    true,
  ],
  [
    'Variables: ArnLike with other account',
    'ArnLike',
    K,
    'arn:aws:sns:*:${aws:PrincipalAccount}:*',
    { [K]: topic, 'aws:PrincipalAccount': '999999999999' },
    false,
  ],
  [
    'Variables: ArnEquals resource part',
    'ArnEquals',
    P,
    'arn:aws:iam::1:user/${aws:username}',
    { [P]: 'arn:aws:iam::1:user/alice', 'aws:username': 'alice' },
    true,
  ],
  [
    'Variables: ArnEquals unresolved matches nothing',
    'ArnEquals',
    P,
    'arn:aws:iam::1:user/${aws:username}',
    { [P]: 'arn:aws:iam::1:user/alice' },
    false,
  ],
  [
    'Variables: ArnNotEquals unresolved is true (null is not equal)',
    'ArnNotEquals',
    P,
    'arn:aws:iam::1:user/${aws:username}',
    { [P]: 'arn:aws:iam::1:user/alice' },
    true,
  ],
  [
    'Variables: value with : stays in its field',
    'ArnLike',
    K,
    'arn:aws:sns:*:${x:acct}:my-topic',
    { [K]: topic, 'x:acct': '123456789012:my' },
    false,
  ],
  [
    'Variables: substituted * is literal',
    'ArnLike',
    P,
    'arn:aws:iam::1:user/${aws:username}',
    { [P]: 'arn:aws:iam::1:user/bob', 'aws:username': '*' },
    false,
  ],
  ['IfExists: ArnLikeIfExists missing', 'ArnLikeIfExists', K, 'arn:aws:sns:*:*:*', {}, true],
  [
    'IfExists: ArnNotLikeIfExists present match',
    'ArnNotLikeIfExists',
    K,
    'arn:aws:sns:*:*:*',
    { [K]: topic },
    false,
  ],
  [
    'Set: ForAnyValue:ArnLike',
    'ForAnyValue:ArnLike',
    'x:arns',
    'arn:aws:sns:*:*:*',
    { 'x:arns': list('stringList', 'arn:aws:sqs:r:1:q', topic) },
    true,
  ],
  [
    'Set: ForAllValues:ArnLike',
    'ForAllValues:ArnLike',
    'x:arns',
    'arn:aws:sns:*:*:*',
    { 'x:arns': list('stringList', 'arn:aws:sqs:r:1:q', topic) },
    false,
  ],
];

describe('ARN condition operators', () => {
  it.each(rows)('%s: %s %s %j with %j -> %s', (_rule, op, key, values, keys, expected) => {
    expect(holds(op, key, values, keys)).toBe(expected);
  });
  it('ArnEquals and ArnLike agree, as do ArnNotEquals and ArnNotLike', () => {
    for (const [, op, key, values, keys] of rows) {
      if (!op.startsWith('Arn')) continue;
      const twin = op.includes('Equals') ? op.replace('Equals', 'Like') : op.replace('Like', 'Equals');
      expect(holds(twin, key, values, keys)).toBe(holds(op, key, values, keys));
    }
  });
});
