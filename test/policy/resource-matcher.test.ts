// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...}
import { describe, expect, it } from 'vitest';
import type { PolicyVersion } from '../../src/policy/ast.js';
import { compileResourceMatcher } from '../../src/policy/resource-matcher.js';
import { type Keys, list, scope } from './conditions-helpers.js';

const match = (pattern: string, resource: string, keys: Keys = {}, version: PolicyVersion = '2012-10-17') =>
  compileResourceMatcher(pattern, version)(resource, scope(keys));

const U = { 'aws:username': 'alice' };

// [doc rule, pattern, resource, keys, expected]
const rows: [string, string, string, Keys, boolean][] = [
  // Static patterns (IAM JSON policy elements: Resource): field-by-field, wildcards.
  [
    'Resource: exact',
    'arn:aws:iam::111122223333:user/alice',
    'arn:aws:iam::111122223333:user/alice',
    {},
    true,
  ],
  [
    'Resource: case-sensitive',
    'arn:aws:iam::111122223333:user/Alice',
    'arn:aws:iam::111122223333:user/alice',
    {},
    false,
  ],
  ['Resource: * matches anything', '*', 'arn:aws:s3:::b/k', {}, true],
  ['Resource: * matches non-ARN', '*', 'whatever', {}, true],
  [
    'Resource: resource-part wildcard crosses /',
    'arn:aws:s3:::bucket/*',
    'arn:aws:s3:::bucket/a/b/c',
    {},
    true,
  ],
  ['Resource: bucket is not its objects', 'arn:aws:s3:::bucket', 'arn:aws:s3:::bucket/x', {}, false],
  [
    'Resource: region wildcard stays in field',
    'arn:aws:sqs:*:111122223333:q',
    'arn:aws:sqs:us-east-2:9:x:111122223333:q',
    {},
    false,
  ],
  [
    'Resource: account wildcard',
    'arn:aws:sqs:us-east-2:*:q',
    'arn:aws:sqs:us-east-2:111122223333:q',
    {},
    true,
  ],
  ['Resource: ? one char', 'arn:aws:s3:::b?', 'arn:aws:s3:::b1', {}, true],
  ['Resource: non-ARN resource vs ARN pattern', 'arn:aws:s3:::*', 'bucket', {}, false],
  // Variables: "You can use a policy variable in the Resource element"
  [
    'Variables: ${aws:username} in resource part',
    'arn:aws:iam::111122223333:user/${aws:username}',
    'arn:aws:iam::111122223333:user/alice',
    U,
    true,
  ],
  [
    'Variables: other user',
    'arn:aws:iam::111122223333:user/${aws:username}',
    'arn:aws:iam::111122223333:user/bob',
    U,
    false,
  ],
  [
    'Variables: home directory',
    'arn:aws:s3:::mybucket/${aws:username}/*',
    'arn:aws:s3:::mybucket/alice/notes.txt',
    U,
    true,
  ],
  [
    'Variables: home directory of another user',
    'arn:aws:s3:::mybucket/${aws:username}/*',
    'arn:aws:s3:::mybucket/bob/notes.txt',
    U,
    false,
  ],
  [
    'Variables: queue name suffix',
    'arn:aws:sqs:us-east-2:*:${aws:username}-queue',
    'arn:aws:sqs:us-east-2:111122223333:alice-queue',
    U,
    true,
  ],
  [
    'Variables: tag value',
    'arn:aws:s3:::bucket/${aws:PrincipalTag/department}',
    'arn:aws:s3:::bucket/hr',
    { 'aws:PrincipalTag/department': 'hr' },
    true,
  ],
  [
    'Variables: several tags and a wildcard (doc example)',
    'arn:aws:sns:*:*:${aws:PrincipalTag/access-project}-${aws:PrincipalTag/access-application}-${aws:PrincipalTag/access-environment}-*',
    'arn:aws:sns:us-east-1:1:proj-app-prod-topic1',
    {
      'aws:PrincipalTag/access-project': 'proj',
      'aws:PrincipalTag/access-application': 'app',
      'aws:PrincipalTag/access-environment': 'prod',
    },
    true,
  ],
  // "If a variable that has no value ... is used as part of the Resource or NotResource element ...
  // the resource that includes a policy variable with no value will not match any resource."
  [
    'No value: does not match',
    'arn:aws:iam::111122223333:user/${aws:username}',
    'arn:aws:iam::111122223333:user/alice',
    {},
    false,
  ],
  [
    'No value: does not match even a wildcard resource',
    'arn:aws:s3:::b/${aws:username}*',
    'arn:aws:s3:::b/',
    {},
    false,
  ],
  [
    'No value: multivalued key has no value',
    'arn:aws:s3:::b/${aws:TagKeys}',
    'arn:aws:s3:::b/a',
    { 'aws:TagKeys': list('stringList', 'a') },
    false,
  ],
  [
    'Default: team bucket',
    "arn:aws:s3:::amzn-s3-demo-bucket-${aws:PrincipalTag/team, 'company-wide'}",
    'arn:aws:s3:::amzn-s3-demo-bucket-yellow',
    { 'aws:PrincipalTag/team': 'yellow' },
    true,
  ],
  [
    'Default: company-wide bucket',
    "arn:aws:s3:::amzn-s3-demo-bucket-${aws:PrincipalTag/team, 'company-wide'}",
    'arn:aws:s3:::amzn-s3-demo-bucket-company-wide',
    {},
    true,
  ],
  [
    'Default: not another team',
    "arn:aws:s3:::amzn-s3-demo-bucket-${aws:PrincipalTag/team, 'company-wide'}",
    'arn:aws:s3:::amzn-s3-demo-bucket-red',
    {},
    false,
  ],
  // Substituted values are literal.
  [
    'Literal: * from a tag does not widen',
    'arn:aws:s3:::b/${aws:PrincipalTag/p}',
    'arn:aws:s3:::b/secret',
    { 'aws:PrincipalTag/p': '*' },
    false,
  ],
  [
    'Literal: * from a tag matches a literal *',
    'arn:aws:s3:::b/${aws:PrincipalTag/p}',
    'arn:aws:s3:::b/*',
    { 'aws:PrincipalTag/p': '*' },
    true,
  ],
  [
    'Literal: ? from a tag does not widen',
    'arn:aws:s3:::b/${aws:PrincipalTag/p}',
    'arn:aws:s3:::b/x',
    { 'aws:PrincipalTag/p': '?' },
    false,
  ],
  ['Special: ${*} is a literal star', 'arn:aws:s3:::b/${*}', 'arn:aws:s3:::b/anything', {}, false],
  ['Special: ${*} matches a star', 'arn:aws:s3:::b/${*}', 'arn:aws:s3:::b/*', {}, true],
  ['Special: ${?} and ${$}', 'arn:aws:s3:::b/${?}${$}', 'arn:aws:s3:::b/?$', {}, true],
  ['Special: ${*} beside a wildcard', 'arn:aws:s3:::b/${*}*', 'arn:aws:s3:::b/*x', {}, true],
  // Field confinement: a substituted value never moves field boundaries.
  [
    'Fields: variable in account field',
    'arn:aws:s3:us-east-1:${aws:PrincipalAccount}:x',
    'arn:aws:s3:us-east-1:111122223333:x',
    { 'aws:PrincipalAccount': '111122223333' },
    true,
  ],
  [
    'Fields: colon in a value stays in its field',
    'arn:aws:sqs:*:${x:acct}:q',
    'arn:aws:sqs:r:1:2:q',
    { 'x:acct': '1:2' },
    false,
  ],
  [
    'Fields: wildcard in region stays in field',
    'arn:aws:sqs:*:1:${aws:username}',
    'arn:aws:sqs:r:x:1:alice',
    U,
    false,
  ],
  [
    'Fields: value with / in resource part',
    'arn:aws:s3:::b/${x:path}/end',
    'arn:aws:s3:::b/a/b/end',
    { 'x:path': 'a/b' },
    true,
  ],
  [
    'Fields: value with : in resource part',
    'arn:aws:logs:r:1:log-group:${x:g}',
    'arn:aws:logs:r:1:log-group:a:b',
    { 'x:g': 'a:b' },
    true,
  ],
  ['Non-ARN pattern with variable', '${aws:username}', 'alice', U, true],
  ['Non-ARN pattern with variable and wildcard', '${aws:username}*', 'alice-x', U, true],
  // "If you don't include the Version element ... variables ... are treated as literal strings"
  [
    '2008-10-17: literal text only',
    'arn:aws:s3:::b/${aws:username}',
    'arn:aws:s3:::b/${aws:username}',
    U,
    true,
  ],
];

describe('compileResourceMatcher', () => {
  it.each(rows)('%s: %s ~ %s', (_rule, pattern, resource, keys, expected) => {
    const version: PolicyVersion = _rule.startsWith('2008') ? '2008-10-17' : '2012-10-17';
    expect(match(pattern, resource, keys, version)).toBe(expected);
  });
  it('2008-10-17 does not substitute', () => {
    expect(match('arn:aws:s3:::b/${aws:username}', 'arn:aws:s3:::b/alice', U, '2008-10-17')).toBe(false);
  });
  it('reports an unresolved variable to the missing sink', () => {
    const missing = new Set<string>();
    const m = compileResourceMatcher('arn:aws:s3:::b/${aws:PrincipalTag/Team}', '2012-10-17');
    expect(m('arn:aws:s3:::b/x', scope({}, missing))).toBe(false);
    expect([...missing]).toEqual(['aws:PrincipalTag/Team']);
  });
  it('resolves per request (the same compiled matcher serves many users)', () => {
    const m = compileResourceMatcher('arn:aws:s3:::b/${aws:username}/*', '2012-10-17');
    expect(m('arn:aws:s3:::b/alice/x', scope({ 'aws:username': 'alice' }))).toBe(true);
    expect(m('arn:aws:s3:::b/alice/x', scope({ 'aws:username': 'bob' }))).toBe(false);
    expect(m('arn:aws:s3:::b/bob/x', scope({ 'aws:username': 'bob' }))).toBe(true);
  });
});
