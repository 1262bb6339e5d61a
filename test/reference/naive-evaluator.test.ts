import { describe, expect, it } from 'vitest';
import type { RefCase, RefDecision } from './case.js';
import {
  ACCT_A,
  ACCT_B,
  alice,
  allowAll,
  anonymous,
  bob,
  doc,
  fedA,
  list,
  mkCase,
  QUEUE_A,
  QUEUE_B,
  req,
  rootA,
  sessionA,
  sessionB,
  sqsService,
  str,
  typed,
  vr,
} from './fixtures.js';
import { naiveEvaluate } from './naive-evaluator.js';

const ALLOW: RefDecision = { decision: 'allowed', deniedBy: undefined };
const implicit = (deniedBy: RefDecision['deniedBy']): RefDecision => ({ decision: 'implicitDeny', deniedBy });
const explicit = (deniedBy: RefDecision['deniedBy']): RefDecision => ({ decision: 'explicitDeny', deniedBy });

const allowQ = (extra: Record<string, unknown> = {}) =>
  doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: QUEUE_A, ...extra });
const cond = (Condition: Record<string, unknown>) => allowQ({ Condition });
const send = (context = {}, principal = alice) => req(principal, 'sqs:SendMessage', QUEUE_A, context);
const when = (Condition: Record<string, unknown>, context = {}): RefCase =>
  mkCase(send(context), { identity: [cond(Condition)] });
const rp = (...Statement: Record<string, unknown>[]) => ({
  kind: 'resource' as const,
  doc: doc(...Statement),
});

const table: [string, RefCase, RefDecision][] = [
  // Gates and their order.
  ['no policy at all is an implicit deny', mkCase(send(), { identity: [] }), implicit('identity')],
  ['an identity Allow allows', mkCase(send(), { identity: [allowQ()] }), ALLOW],
  [
    'an explicit Deny overrides an Allow',
    mkCase(send(), { identity: [allowAll, doc({ Effect: 'Deny', Action: 'sqs:*', Resource: '*' })] }),
    explicit('identity'),
  ],
  [
    'Action matching ignores case',
    mkCase(send(), { identity: [doc({ Effect: 'Allow', Action: 'SQS:sendmessage', Resource: '*' })] }),
    ALLOW,
  ],
  [
    'Action wildcard ?',
    mkCase(send(), { identity: [doc({ Effect: 'Allow', Action: 'sqs:?endMessage', Resource: '*' })] }),
    ALLOW,
  ],
  [
    'NotAction excludes the named action',
    mkCase(send(), { identity: [doc({ Effect: 'Allow', NotAction: 'sqs:Send*', Resource: '*' })] }),
    implicit('identity'),
  ],
  [
    'NotAction allows others',
    mkCase(send(), { identity: [doc({ Effect: 'Allow', NotAction: 'sqs:Delete*', Resource: '*' })] }),
    ALLOW,
  ],
  [
    'Resource matching is case-sensitive',
    mkCase(send(), { identity: [doc({ Effect: 'Allow', Action: '*', Resource: QUEUE_A.toUpperCase() })] }),
    implicit('identity'),
  ],
  [
    'NotResource excludes the named resource',
    mkCase(send(), { identity: [doc({ Effect: 'Allow', Action: '*', NotResource: QUEUE_A })] }),
    implicit('identity'),
  ],
  [
    'NotResource allows others',
    mkCase(send(), { identity: [doc({ Effect: 'Allow', Action: '*', NotResource: QUEUE_B })] }),
    ALLOW,
  ],
  [
    'a pattern that is not ARN-shaped is a whole-string glob',
    mkCase(send(), { identity: [doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:sqs:*1' })] }),
    ALLOW,
  ],
  [
    'a wildcard in the region field stays in it',
    mkCase(send(), {
      identity: [doc({ Effect: 'Allow', Action: '*', Resource: `arn:aws:sqs:*east-1:*:queue1` })],
    }),
    ALLOW,
  ],
  [
    'a wildcard in the account field',
    mkCase(send(), {
      identity: [doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:sqs:us-east-1:*:queue?' })],
    }),
    ALLOW,
  ],
  [
    'an SCP level without Allow denies',
    mkCase(send(), {
      identity: [allowAll],
      scp: [[allowAll], [doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })]],
    }),
    implicit('scp'),
  ],
  [
    'every SCP level allowing passes',
    mkCase(send(), { identity: [allowAll], scp: [[allowAll], [allowQ()]] }),
    ALLOW,
  ],
  [
    'an SCP Deny is explicit',
    mkCase(send(), {
      identity: [allowAll],
      scp: [[allowAll, doc({ Effect: 'Deny', Action: 'sqs:*', Resource: '*' })]],
    }),
    explicit('scp'),
  ],
  [
    'an RCP without Allow denies',
    mkCase(send(), {
      identity: [allowAll],
      rcp: [[doc({ Effect: 'Allow', Principal: '*', Action: 'ec2:*', Resource: '*' })]],
    }),
    implicit('rcp'),
  ],
  [
    'a boundary caps identity',
    mkCase(send(), {
      identity: [allowAll],
      boundary: [doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })],
    }),
    implicit('boundary'),
  ],
  [
    'a boundary alone grants nothing',
    mkCase(send(), { identity: [], boundary: [allowAll] }),
    implicit('identity'),
  ],
  [
    'a session policy caps a session',
    mkCase(send({}, sessionA), {
      identity: [allowAll],
      session: [doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })],
    }),
    implicit('session'),
  ],
  [
    'session and identity both allowing',
    mkCase(send({}, sessionA), { identity: [allowAll], session: [allowQ()] }),
    ALLOW,
  ],
  ['the root user needs no identity policy', mkCase(send({}, rootA), { identity: [] }), ALLOW],
  [
    'an SCP still binds the root user',
    mkCase(send({}, rootA), {
      identity: [],
      scp: [[doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })]],
    }),
    implicit('scp'),
  ],
  // Resource-based policies, same account.
  [
    'same account: a resource policy naming the user is enough',
    mkCase(send(), {
      identity: [],
      resource: rp({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sqs:*', Resource: QUEUE_A }),
    }),
    ALLOW,
  ],
  [
    'same account: a user grant is not limited by a boundary',
    mkCase(send(), {
      identity: [],
      boundary: [doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })],
      resource: rp({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sqs:*', Resource: QUEUE_A }),
    }),
    ALLOW,
  ],
  [
    'same account: naming the account delegates to identity policies',
    mkCase(send(), {
      identity: [],
      resource: rp({ Effect: 'Allow', Principal: { AWS: ACCT_A }, Action: 'sqs:*', Resource: QUEUE_A }),
    }),
    implicit('identity'),
  ],
  [
    'same account: a role-ARN grant skips identity',
    mkCase(send({}, sessionA), {
      identity: [],
      resource: rp({
        Effect: 'Allow',
        Principal: { AWS: sessionA.roleArn },
        Action: 'sqs:*',
        Resource: QUEUE_A,
      }),
    }),
    ALLOW,
  ],
  [
    'same account: a role-ARN grant is limited by a session policy',
    mkCase(send({}, sessionA), {
      identity: [],
      session: [doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })],
      resource: rp({
        Effect: 'Allow',
        Principal: { AWS: sessionA.roleArn },
        Action: 'sqs:*',
        Resource: QUEUE_A,
      }),
    }),
    implicit('session'),
  ],
  [
    'same account: a role-ARN grant is limited by a boundary',
    mkCase(send({}, sessionA), {
      identity: [],
      boundary: [doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })],
      resource: rp({
        Effect: 'Allow',
        Principal: { AWS: sessionA.roleArn },
        Action: 'sqs:*',
        Resource: QUEUE_A,
      }),
    }),
    implicit('boundary'),
  ],
  [
    'same account: a session-ARN grant is not limited by a session policy',
    mkCase(send({}, sessionA), {
      identity: [],
      session: [doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })],
      resource: rp({ Effect: 'Allow', Principal: { AWS: sessionA.arn }, Action: 'sqs:*', Resource: QUEUE_A }),
    }),
    ALLOW,
  ],
  [
    'a resource Deny naming the account denies its users',
    mkCase(send(), {
      identity: [allowAll],
      resource: rp({
        Effect: 'Deny',
        Principal: { AWS: `arn:aws:iam::${ACCT_A}:root` },
        Action: 'sqs:*',
        Resource: '*',
      }),
    }),
    explicit('resource'),
  ],
  [
    'Principal "*" equals {"AWS": "*"}',
    mkCase(send(), {
      identity: [],
      resource: rp({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sqs:*', Resource: '*' }),
    }),
    ALLOW,
  ],
  // Cross-account.
  [
    'cross-account: identity alone is not enough',
    mkCase(req(bob, 'sqs:SendMessage', QUEUE_A), { identity: [allowAll] }),
    implicit('resource'),
  ],
  [
    'cross-account: resource alone is not enough',
    mkCase(req(bob, 'sqs:SendMessage', QUEUE_A), {
      identity: [],
      resource: rp({ Effect: 'Allow', Principal: { AWS: bob.arn }, Action: 'sqs:*', Resource: '*' }),
    }),
    implicit('identity'),
  ],
  [
    'cross-account: both allowing',
    mkCase(req(bob, 'sqs:SendMessage', QUEUE_A), {
      identity: [allowAll],
      resource: rp({ Effect: 'Allow', Principal: { AWS: ACCT_B }, Action: 'sqs:*', Resource: '*' }),
    }),
    ALLOW,
  ],
  [
    'cross-account: a boundary still caps',
    mkCase(req(sessionB, 'sqs:SendMessage', QUEUE_A), {
      identity: [allowAll],
      boundary: [doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })],
      resource: rp({ Effect: 'Allow', Principal: { AWS: sessionB.arn }, Action: 'sqs:*', Resource: '*' }),
    }),
    implicit('boundary'),
  ],
  [
    'anonymous callers need Principal "*"',
    mkCase(req(anonymous, 'sqs:SendMessage', QUEUE_A), {
      identity: [],
      resource: rp({ Effect: 'Allow', Principal: '*', Action: 'sqs:*', Resource: '*' }),
    }),
    ALLOW,
  ],
  [
    'anonymous callers and no resource policy',
    mkCase(req(anonymous, 'sqs:SendMessage', QUEUE_A), { identity: [] }),
    implicit('resource'),
  ],
  [
    'a service principal named by Service',
    mkCase(req(sqsService, 'sqs:SendMessage', QUEUE_A), {
      identity: [],
      resource: rp({
        Effect: 'Allow',
        Principal: { Service: 'sqs.amazonaws.com' },
        Action: 'sqs:*',
        Resource: '*',
      }),
    }),
    ALLOW,
  ],
  // NotPrincipal.
  [
    'NotPrincipal: account root alone does not exclude its users',
    mkCase(send(), {
      identity: [allowAll],
      resource: rp({
        Effect: 'Deny',
        NotPrincipal: { AWS: `arn:aws:iam::${ACCT_A}:root` },
        Action: 'sqs:*',
        Resource: '*',
      }),
    }),
    explicit('resource'),
  ],
  [
    'NotPrincipal: user and account listed excludes the user',
    mkCase(send(), {
      identity: [allowAll],
      resource: rp({
        Effect: 'Deny',
        NotPrincipal: { AWS: [alice.arn, `arn:aws:iam::${ACCT_A}:root`] },
        Action: 'sqs:*',
        Resource: '*',
      }),
    }),
    ALLOW,
  ],
  [
    'NotPrincipal always denies a principal with a boundary',
    mkCase(send(), {
      identity: [allowAll],
      boundary: [allowAll],
      resource: rp({
        Effect: 'Deny',
        NotPrincipal: { AWS: [alice.arn, ACCT_A] },
        Action: 'sqs:*',
        Resource: '*',
      }),
    }),
    explicit('resource'),
  ],
  [
    'NotPrincipal: a session needs session, role and account listed',
    mkCase(send({}, sessionA), {
      identity: [allowAll],
      resource: rp({
        Effect: 'Deny',
        NotPrincipal: { AWS: [sessionA.roleArn, ACCT_A] },
        Action: 'sqs:*',
        Resource: '*',
      }),
    }),
    explicit('resource'),
  ],
  // Conditions.
  [
    'StringEquals is case-sensitive',
    when({ StringEquals: { 'aws:PrincipalTag/team': 'Red' } }, { 'aws:PrincipalTag/team': str('red') }),
    implicit('identity'),
  ],
  [
    'StringEqualsIgnoreCase',
    when(
      { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Red' } },
      { 'aws:PrincipalTag/team': str('red') },
    ),
    ALLOW,
  ],
  [
    'condition keys are case-insensitive',
    when({ StringEquals: { 'AWS:PRINCIPALTAG/TEAM': 'red' } }, { 'aws:PrincipalTag/team': str('red') }),
    ALLOW,
  ],
  [
    'a missing key fails a positive operator',
    when({ StringLike: { 'aws:PrincipalTag/team': '*' } }),
    implicit('identity'),
  ],
  [
    'a missing key satisfies a negated operator',
    when({ StringNotEquals: { 'aws:PrincipalTag/team': 'red' } }),
    ALLOW,
  ],
  [
    'IfExists with the key missing is true',
    when({ StringEqualsIfExists: { 'aws:PrincipalTag/team': 'red' } }),
    ALLOW,
  ],
  [
    'multiple values are ORed',
    when(
      { StringEquals: { 'aws:PrincipalTag/team': ['blue', 'red'] } },
      { 'aws:PrincipalTag/team': str('red') },
    ),
    ALLOW,
  ],
  [
    'negated multiple values are NORed',
    when(
      { StringNotEquals: { 'aws:PrincipalTag/team': ['blue', 'red'] } },
      { 'aws:PrincipalTag/team': str('red') },
    ),
    implicit('identity'),
  ],
  ['Null true when absent', when({ Null: { 'aws:PrincipalTag/team': 'true' } }), ALLOW],
  [
    'Null false when present',
    when({ Null: { 'aws:PrincipalTag/team': 'false' } }, { 'aws:PrincipalTag/team': str('x') }),
    ALLOW,
  ],
  [
    'ForAllValues with the key absent is true',
    when({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } }),
    ALLOW,
  ],
  [
    'ForAllValues: every value must match',
    when({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } }, { 'aws:TagKeys': list('env', 'team') }),
    implicit('identity'),
  ],
  [
    'ForAnyValue: one value is enough',
    when({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } }, { 'aws:TagKeys': list('env', 'team') }),
    ALLOW,
  ],
  [
    'ForAnyValue with the key absent is false',
    when({ 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['env'] } }),
    implicit('identity'),
  ],
  [
    'NumericLessThan',
    when(
      { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
      { 'aws:MultiFactorAuthAge': typed('numeric', '300') },
    ),
    ALLOW,
  ],
  [
    'DateGreaterThan ISO vs ISO',
    when(
      { DateGreaterThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } },
      { 'aws:CurrentTime': typed('date', '2024-06-01T00:00:00Z') },
    ),
    ALLOW,
  ],
  [
    'Date epoch seconds in the policy against an ISO request',
    when(
      { DateLessThan: { 'aws:CurrentTime': '1735689600' } },
      { 'aws:CurrentTime': typed('date', '2024-06-01T00:00:00Z') },
    ),
    ALLOW,
  ],
  [
    'Bool',
    when({ Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': typed('boolean', 'true') }),
    ALLOW,
  ],
  [
    'IpAddress CIDR',
    when({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': typed('ip', '10.1.2.3') }),
    ALLOW,
  ],
  [
    '0.0.0.0/0 matches every IPv4 address',
    when({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, { 'aws:SourceIp': typed('ip', '203.0.113.9') }),
    ALLOW,
  ],
  [
    'an IPv4 range never matches IPv6',
    when({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, { 'aws:SourceIp': typed('ip', '2001:db8::1') }),
    implicit('identity'),
  ],
  [
    'ArnLike per field',
    when({ ArnLike: { 'aws:SourceArn': 'arn:aws:sqs:*:*:queue*' } }, { 'aws:SourceArn': str(QUEUE_B) }),
    ALLOW,
  ],
  // Variables.
  [
    'a variable in Resource',
    mkCase(req(alice, 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${ACCT_A}:alice`), {
      identity: [
        doc({ Effect: 'Allow', Action: '*', Resource: `arn:aws:sqs:us-east-1:${ACCT_A}:\${aws:username}` }),
      ],
    }),
    ALLOW,
  ],
  [
    'a variable with no value in Resource matches nothing',
    mkCase(send({}, sessionA), {
      identity: [doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:sqs:*:*:' + vr('aws:username') })],
    }),
    implicit('identity'),
  ],
  [
    'a default value',
    when(
      { StringEquals: { 'aws:PrincipalTag/team': vr("aws:PrincipalTag/dept, 'red'") } },
      { 'aws:PrincipalTag/team': str('red') },
    ),
    ALLOW,
  ],
  [
    'a variable with no value under a negated operator matches',
    when(
      { StringNotEquals: { 'aws:PrincipalTag/team': vr('aws:PrincipalTag/dept') } },
      { 'aws:PrincipalTag/team': str('red') },
    ),
    ALLOW,
  ],
  [
    vr('*') + ' is a literal asterisk',
    when({ StringLike: { 'aws:PrincipalTag/team': 'a' + vr('*') } }, { 'aws:PrincipalTag/team': str('abc') }),
    implicit('identity'),
  ],
  [
    vr('$') + ' is a literal dollar',
    when(
      { StringEquals: { 'aws:PrincipalTag/team': 'a' + vr('$') } },
      { 'aws:PrincipalTag/team': str('a$') },
    ),
    ALLOW,
  ],
  [
    'variables are literal text in a 2008-10-17 document',
    mkCase(send({ 'aws:PrincipalTag/team': str('alice') }), {
      identity: [
        {
          Version: '2008-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: '*',
              Resource: '*',
              Condition: { StringEquals: { 'aws:PrincipalTag/team': vr('aws:username') } },
            },
          ],
        },
      ],
    }),
    implicit('identity'),
  ],
  [
    'federated user session ARN grant',
    mkCase(send({}, fedA), {
      identity: [],
      session: [doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })],
      resource: rp({ Effect: 'Allow', Principal: { AWS: fedA.arn }, Action: 'sqs:*', Resource: '*' }),
    }),
    ALLOW,
  ],
  [
    'trust policy must name the caller even in the same account',
    mkCase(req(alice, 'sts:AssumeRole', `arn:aws:iam::${ACCT_A}:role/Dev`), {
      identity: [allowAll],
      resource: {
        kind: 'trust',
        doc: doc({ Effect: 'Allow', Principal: { AWS: bob.arn }, Action: 'sts:AssumeRole' }),
      },
    }),
    implicit('trust'),
  ],
  [
    'cross-account resource in account B',
    mkCase(req(alice, 'sqs:SendMessage', QUEUE_B), {
      identity: [allowAll],
      resource: rp({ Effect: 'Allow', Principal: { AWS: ACCT_A }, Action: 'sqs:*', Resource: '*' }),
    }),
    ALLOW,
  ],
  [
    'ACCT_B constant is the second account',
    mkCase(req(bob, 'sqs:SendMessage', QUEUE_B), { identity: [allowAll] }),
    ALLOW,
  ],
];

describe('naive reference evaluator: pinned cases from AWS documentation examples', () => {
  it.each(table)('%s', (_name, c, expected) => {
    expect(naiveEvaluate(c)).toEqual(expected);
  });
  it('has the account constants the cases assume', () => {
    expect(ACCT_B).not.toBe(ACCT_A);
  });
});
