/** One fixed case per known peer disagreement class, with the decision AWS's documentation gives. */
import type { RefCase, RefDecision } from './case.js';
import {
  ACCT_A,
  alice,
  bob,
  doc,
  mkCase,
  QUEUE_A,
  req,
  rootA,
  sessionA,
  str,
  typed,
  vr,
} from './fixtures.js';

export interface PinnedDisagreement {
  readonly classId: string;
  readonly name: string;
  readonly case: RefCase;
  /** What AWS's documentation says, and so what the reference and our engine answer. */
  readonly aws: RefDecision;
}

const allowWhen = (Condition: Record<string, unknown>) =>
  doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: QUEUE_A, Condition });
const TABLE_A = `arn:aws:dynamodb:us-east-1:${ACCT_A}:table/t1`;
const QUEUE_ALICE = `arn:aws:sqs:us-east-1:${ACCT_A}:alice`;
const send = (context = {}, principal = alice) => req(principal, 'sqs:SendMessage', QUEUE_A, context);
const ALLOWED: RefDecision = { decision: 'allowed', deniedBy: undefined };

export const PINNED: readonly PinnedDisagreement[] = [
  {
    classId: 'epoch-vs-iso-date',
    name: 'DateGreaterThan with an ISO 8601 policy value against epoch-seconds aws:EpochTime',
    case: mkCase(send({ 'aws:EpochTime': typed('date', '1717243200') }), {
      identity: [allowWhen({ DateGreaterThan: { 'aws:EpochTime': '2024-03-01T00:00:00Z' } })],
    }),
    aws: ALLOWED,
  },
  {
    classId: 'zero-cidr',
    name: 'IpAddress 0.0.0.0/0 matches any IPv4 source',
    case: mkCase(send({ 'aws:SourceIp': typed('ip', '203.0.113.9') }), {
      identity: [allowWhen({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } })],
    }),
    aws: ALLOWED,
  },
  {
    classId: 'unresolved-variable-negated',
    name: 'StringNotEquals against a variable with no value matches',
    case: mkCase(send({ 'aws:PrincipalTag/team': str('red') }), {
      identity: [allowWhen({ StringNotEquals: { 'aws:PrincipalTag/team': vr('aws:PrincipalTag/dept') } })],
    }),
    aws: ALLOWED,
  },
  {
    classId: 'unresolved-variable-not-resource',
    name: 'NotResource whose only pattern has a variable with no value excludes nothing',
    case: mkCase(req(sessionA, 'dynamodb:GetItem', TABLE_A), {
      identity: [
        doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
        doc({ Effect: 'Deny', Action: '*', NotResource: `arn:aws:dynamodb:*:*:table/${vr('aws:username')}` }),
      ],
    }),
    aws: { decision: 'explicitDeny', deniedBy: 'identity' },
  },
  {
    classId: 'special-variables',
    name: '${$} is a literal dollar sign',
    case: mkCase(send({ 'aws:PrincipalTag/team': str('$x') }), {
      identity: [allowWhen({ StringEquals: { 'aws:PrincipalTag/team': vr('$') + 'x' } })],
    }),
    aws: ALLOWED,
  },
  {
    classId: 'variables-in-2008-10-17',
    name: 'a 2008-10-17 document reads ${aws:username} literally',
    case: mkCase(send({ 'aws:PrincipalTag/team': str('alice') }), {
      identity: [
        {
          Version: '2008-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sqs:SendMessage',
              Resource: QUEUE_A,
              Condition: { StringEquals: { 'aws:PrincipalTag/team': vr('aws:username') } },
            },
          ],
        },
      ],
    }),
    aws: { decision: 'implicitDeny', deniedBy: 'identity' },
  },
  {
    classId: 'not-principal-account-root',
    name: 'NotPrincipal naming only the account root does not exclude a user of that account',
    case: mkCase(send(), {
      identity: [doc({ Effect: 'Allow', Action: '*', Resource: '*' })],
      resource: {
        kind: 'resource',
        doc: doc({
          Effect: 'Deny',
          NotPrincipal: { AWS: `arn:aws:iam::${ACCT_A}:root` },
          Action: 'sqs:*',
          Resource: QUEUE_A,
        }),
      },
    }),
    aws: { decision: 'explicitDeny', deniedBy: 'resource' },
  },
  {
    classId: 'root-user',
    name: 'the root user acts in its own account without identity-based policies',
    case: mkCase(send({}, rootA), { identity: [] }),
    aws: ALLOWED,
  },
  {
    classId: 'variable-default-value',
    name: "a variable's default value in Resource is used when the key is absent",
    case: mkCase(req(alice, 'sqs:SendMessage', QUEUE_ALICE), {
      identity: [
        doc({
          Effect: 'Allow',
          Action: 'sqs:*',
          Resource: `arn:aws:sqs:us-east-1:${ACCT_A}:${vr("aws:PrincipalTag/team, 'alice'")}`,
        }),
      ],
    }),
    aws: ALLOWED,
  },
  {
    classId: 'for-any-value-if-exists',
    name: 'ForAnyValue:StringEqualsIfExists with the key absent is true',
    case: mkCase(send(), {
      identity: [allowWhen({ 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': 'env' } })],
    }),
    aws: ALLOWED,
  },
];

/** Keeps `bob` imported for future cross-account pins. */
export const CROSS_ACCOUNT_CALLER = bob;
