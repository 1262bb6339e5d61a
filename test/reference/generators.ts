/**
 * fast-check arbitraries for differential testing. Everything is drawn from small shared
 * vocabularies (two accounts, a handful of actions, ARNs, keys and values) so that patterns,
 * principals and conditions actually meet the request often enough to exercise every gate.
 */
import fc from 'fast-check';
import type { ContextValue, RequestPrincipal } from '../../src/policy/context.js';
import type { RawDoc, RefCase, RefPolicies, RefRequest } from './case.js';
import {
  ACCT_A,
  ACCT_B,
  alice,
  anonymous,
  bob,
  fedA,
  principalKeys,
  QUEUE_A,
  QUEUE_B,
  rootA,
  sessionA,
  sessionB,
  sqsService,
  vr,
} from './fixtures.js';

export const REQUEST_ACTIONS = [
  'sqs:SendMessage',
  'sqs:ReceiveMessage',
  'sqs:DeleteQueue',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
];
const ACTION_PATTERNS = [
  ...REQUEST_ACTIONS,
  'sqs:*',
  'sqs:Send*',
  '*',
  'dynamodb:?etItem',
  'SQS:sendmessage',
  'dynamodb:*Item',
  'ec2:RunInstances',
];

const TABLE_A = `arn:aws:dynamodb:us-east-1:${ACCT_A}:table/t1`;
const TABLE_B = `arn:aws:dynamodb:us-east-1:${ACCT_B}:table/bob`;
const QUEUE_ALICE = `arn:aws:sqs:us-east-1:${ACCT_A}:alice`;
export const REQUEST_RESOURCES = [QUEUE_A, QUEUE_B, QUEUE_ALICE, TABLE_A, TABLE_B];
const RESOURCE_PATTERNS = [
  ...REQUEST_RESOURCES,
  '*',
  `arn:aws:sqs:*:${ACCT_A}:*`,
  'arn:aws:sqs:us-east-1:*:queue?',
  `arn:aws:sqs:us-east-1:${ACCT_A}:${vr('aws:username')}`,
  `arn:aws:dynamodb:*:*:table/${vr('aws:username')}`,
  'arn:aws:dynamodb:us-east-1:*:table/t*',
  'arn:aws:sqs:*:*:*',
  `arn:aws:sqs:us-east-1:${ACCT_A}:${vr("aws:PrincipalTag/team, 'alice'")}`,
];

const PRINCIPALS: RequestPrincipal[] = [alice, bob, rootA, sessionA, sessionB, fedA, anonymous, sqsService];
const PRINCIPAL_NAMES = [
  alice.arn,
  bob.arn,
  ACCT_A,
  ACCT_B,
  `arn:aws:iam::${ACCT_A}:root`,
  `arn:aws:iam::${ACCT_B}:root`,
  sessionA.arn,
  sessionA.roleArn!,
  sessionB.arn,
  sessionB.roleArn!,
  fedA.arn,
];

/** The condition keys requests carry and the values they draw from. */
interface KeySpec {
  readonly key: string;
  readonly type: ContextValue['type'];
  readonly values: readonly string[];
}
const KEYS: KeySpec[] = [
  { key: 'aws:PrincipalTag/team', type: 'string', values: ['red', 'blue', 'Red', 'alice'] },
  { key: 'aws:ResourceTag/env', type: 'string', values: ['prod', 'dev'] },
  { key: 'aws:MultiFactorAuthAge', type: 'numeric', values: ['0', '300', '3600', '7200'] },
  {
    key: 'aws:CurrentTime',
    type: 'date',
    values: ['2024-01-01T00:00:00Z', '2024-06-01T12:00:00Z', '2025-01-01T00:00:00Z'],
  },
  { key: 'aws:EpochTime', type: 'date', values: ['1704067200', '1717243200'] },
  { key: 'aws:SecureTransport', type: 'boolean', values: ['true', 'false'] },
  { key: 'aws:SourceIp', type: 'ip', values: ['10.1.2.3', '192.168.1.10', '203.0.113.9', '2001:db8::1'] },
  {
    key: 'aws:SourceArn',
    type: 'string',
    values: [QUEUE_A, QUEUE_B, `arn:aws:sns:us-east-1:${ACCT_A}:topic`],
  },
  { key: 'aws:TagKeys', type: 'stringList', values: ['env', 'team', 'owner'] },
];

const contextValue = (spec: KeySpec): fc.Arbitrary<ContextValue> =>
  spec.type === 'stringList'
    ? fc
        .subarray([...spec.values], { minLength: 1 })
        .map((values) => ({ type: 'stringList' as const, multi: true, values }))
    : fc.constantFrom(...spec.values).map((v) => ({ type: spec.type, multi: false, values: [v] }));

const contextArb: fc.Arbitrary<Record<string, ContextValue>> = fc
  .tuple(...KEYS.map((spec) => fc.option(contextValue(spec), { freq: 2 })))
  .map((values) => {
    const out: Record<string, ContextValue> = {};
    values.forEach((v, i) => {
      if (v !== null) out[KEYS[i]!.key.toLowerCase()] = v;
    });
    return out;
  });

const principalArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(alice, sessionA) },
  { weight: 3, arbitrary: fc.constantFrom(bob, sessionB) },
  { weight: 2, arbitrary: fc.constantFrom(rootA, fedA) },
  { weight: 1, arbitrary: fc.constantFrom(anonymous, sqsService) },
);

export const requestArb: fc.Arbitrary<RefRequest> = fc
  .record({
    principal: principalArb,
    action: fc.constantFrom(...REQUEST_ACTIONS),
    resource: fc.constantFrom(...REQUEST_RESOURCES),
    context: contextArb,
  })
  .map(({ principal, action, resource, context }) => ({
    principal,
    action,
    resource,
    resourceAccount: resource.split(':')[4]!,
    context: { ...context, ...principalKeys(principal) },
  }));

// ---------------------------------------------------------------------------------------------
// Conditions

const STRING_VALUES = [
  'red',
  'blue',
  'Red',
  'alice',
  'prod',
  'r*',
  '?ed',
  '*',
  vr('aws:username'),
  vr('aws:PrincipalTag/team'),
  vr("aws:PrincipalTag/dept, 'red'"),
  vr('aws:PrincipalTag/dept'),
  're' + vr('?'),
  'r' + vr('*'),
  vr('$') + 'x',
];
const ARN_VALUES = [
  QUEUE_A,
  QUEUE_B,
  'arn:aws:sqs:*:*:*',
  `arn:aws:iam::${ACCT_A}:role/*`,
  `arn:aws:*:*:${ACCT_A}:*`,
  'arn:aws:sqs:us-east-1:*:queue?',
  sessionA.roleArn!,
  alice.arn,
  `arn:aws:iam::${ACCT_A}:user/` + vr('aws:username'),
];
const NUMBER_VALUES = ['0', '300', '3600', '3600.0', '7200'];
const DATE_VALUES = [
  '2024-03-01T00:00:00Z',
  '2024-06-01T12:00:00Z',
  '1717243200',
  '1704067200',
  '2024-12-31',
];
const IP_VALUES = ['10.0.0.0/8', '0.0.0.0/0', '203.0.113.0/24', '2001:db8::/32', '192.168.1.10', '::/0'];

const values = (vocab: readonly string[]) => fc.subarray([...vocab], { minLength: 1, maxLength: 3 });
const ifExists = fc.boolean().map((b) => (b ? 'IfExists' : ''));

type Clause = [operator: string, key: string, values: string[]];

const stringClause: fc.Arbitrary<Clause> = fc
  .record({
    op: fc.constantFrom(
      'StringEquals',
      'StringNotEquals',
      'StringEqualsIgnoreCase',
      'StringNotEqualsIgnoreCase',
      'StringLike',
      'StringNotLike',
    ),
    ie: ifExists,
    key: fc.constantFrom(
      'aws:PrincipalTag/team',
      'aws:ResourceTag/env',
      'aws:username',
      'AWS:PrincipalTag/TEAM',
    ),
    v: values(STRING_VALUES),
  })
  .map(({ op, ie, key, v }) => [op + ie, key, v]);

const setClause: fc.Arbitrary<Clause> = fc
  .record({
    q: fc.constantFrom('ForAllValues:', 'ForAnyValue:'),
    op: fc.constantFrom('StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike'),
    ie: ifExists,
    v: values(['env', 'team', 'owner', 't*', '*']),
  })
  .map(({ q, op, ie, v }) => [q + op + ie, 'aws:TagKeys', v]);

const arnClause: fc.Arbitrary<Clause> = fc
  .record({
    op: fc.constantFrom('ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'),
    ie: ifExists,
    key: fc.constantFrom('aws:SourceArn', 'aws:PrincipalArn'),
    v: values(ARN_VALUES),
  })
  .map(({ op, ie, key, v }) => [op + ie, key, v]);

const numericClause: fc.Arbitrary<Clause> = fc
  .record({
    op: fc.constantFrom(
      'NumericEquals',
      'NumericNotEquals',
      'NumericLessThan',
      'NumericLessThanEquals',
      'NumericGreaterThan',
      'NumericGreaterThanEquals',
    ),
    ie: ifExists,
    v: values(NUMBER_VALUES),
  })
  .map(({ op, ie, v }) => [op + ie, 'aws:MultiFactorAuthAge', v]);

const dateClause: fc.Arbitrary<Clause> = fc
  .record({
    op: fc.constantFrom(
      'DateEquals',
      'DateNotEquals',
      'DateLessThan',
      'DateLessThanEquals',
      'DateGreaterThan',
      'DateGreaterThanEquals',
    ),
    ie: ifExists,
    key: fc.constantFrom('aws:CurrentTime', 'aws:EpochTime'),
    v: values(DATE_VALUES),
  })
  .map(({ op, ie, key, v }) => [op + ie, key, v]);

const boolClause: fc.Arbitrary<Clause> = fc
  .record({ ie: ifExists, v: fc.constantFrom('true', 'false') })
  .map(({ ie, v }): Clause => ['Bool' + ie, 'aws:SecureTransport', [v]]);

const ipClause: fc.Arbitrary<Clause> = fc
  .record({ op: fc.constantFrom('IpAddress', 'NotIpAddress'), ie: ifExists, v: values(IP_VALUES) })
  .map(({ op, ie, v }) => [op + ie, 'aws:SourceIp', v]);

const nullClause: fc.Arbitrary<Clause> = fc
  .record({
    key: fc.constantFrom(...KEYS.map((k) => k.key), 'aws:PrincipalTag/dept'),
    v: fc.constantFrom('true', 'false'),
  })
  .map(({ key, v }) => ['Null', key, [v]]);

export const clauseArb: fc.Arbitrary<Clause> = fc.oneof(
  { weight: 4, arbitrary: stringClause },
  { weight: 2, arbitrary: setClause },
  { weight: 2, arbitrary: arnClause },
  { weight: 1, arbitrary: numericClause },
  { weight: 2, arbitrary: dateClause },
  { weight: 1, arbitrary: boolClause },
  { weight: 2, arbitrary: ipClause },
  { weight: 1, arbitrary: nullClause },
);

/** Clauses folded into one Condition block; a repeated operator/key pair keeps its first values. */
const conditionArb = fc.array(clauseArb, { minLength: 1, maxLength: 2 }).map((clauses) => {
  const block: Record<string, Record<string, string | string[]>> = {};
  for (const [op, key, v] of clauses) {
    block[op] ??= {};
    block[op][key] ??= v.length === 1 ? v[0]! : v;
  }
  return block;
});

// ---------------------------------------------------------------------------------------------
// Statements and documents

type Kind = 'identity' | 'resource' | 'scp' | 'rcp';

const one = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.array(arb, { minLength: 1, maxLength: 3 }));

const principalElementArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant<unknown>('*') },
  { weight: 1, arbitrary: fc.constant<unknown>({ AWS: '*' }) },
  { weight: 6, arbitrary: one(fc.constantFrom(...PRINCIPAL_NAMES)).map((AWS) => ({ AWS })) },
  { weight: 1, arbitrary: fc.constant<unknown>({ Service: 'sqs.amazonaws.com' }) },
);

function statementArb(kind: Kind): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      effect: kind === 'rcp' ? fc.constant('Deny') : fc.constantFrom('Allow', 'Allow', 'Deny'),
      notAction: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      actions: one(fc.constantFrom(...ACTION_PATTERNS)),
      notResource: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      resources: one(fc.constantFrom(...RESOURCE_PATTERNS)),
      condition: fc.option(conditionArb, { freq: 2 }),
      principal: principalElementArb,
      notPrincipal: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
    })
    .map((r) => {
      const s: Record<string, unknown> = {};
      s.Effect = r.effect;
      if (kind === 'resource') {
        if (r.notPrincipal && r.effect === 'Deny')
          s.NotPrincipal = r.principal === '*' ? { AWS: ACCT_A } : r.principal;
        else s.Principal = r.principal;
      }
      if (kind === 'rcp') s.Principal = '*';
      s[r.notAction ? 'NotAction' : 'Action'] = r.actions;
      s[r.notResource ? 'NotResource' : 'Resource'] = r.resources;
      if (r.condition !== null) s.Condition = r.condition;
      return s;
    });
}

/** SCP Allow statements stay simple (Resource "*", no Condition), as Organizations long required. */
const scpAllowArb = one(fc.constantFrom(...ACTION_PATTERNS)).map((Action) => ({
  Effect: 'Allow',
  Action,
  Resource: '*',
}));

const versionArb = fc.constantFrom<string | undefined>(
  '2012-10-17',
  '2012-10-17',
  '2012-10-17',
  '2012-10-17',
  '2012-10-17',
  '2012-10-17',
  '2008-10-17',
);

export function docArb(kind: Kind): fc.Arbitrary<RawDoc> {
  const stmt =
    kind === 'scp'
      ? fc.oneof({ weight: 3, arbitrary: scpAllowArb }, { weight: 1, arbitrary: statementArb('scp') })
      : statementArb(kind);
  return fc
    .record({
      version: versionArb,
      statements: fc.array(stmt, { minLength: 1, maxLength: 3 }),
      single: fc.boolean(),
    })
    .map(({ version, statements, single }) => {
      // Sids must be unique within a document: name every other statement by its position.
      const named = statements.map((s, i) => (i % 2 === 0 ? s : { Sid: `S${i}`, ...s }));
      return { Version: version, Statement: single && named.length === 1 ? named[0] : named };
    });
}

const RCP_FULL_ACCESS: RawDoc = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
};

const levelsArb = (kind: 'scp' | 'rcp') =>
  fc.option(
    fc.array(
      kind === 'scp'
        ? fc.array(docArb('scp'), { minLength: 1, maxLength: 2 })
        : fc
            .option(docArb('rcp'), { freq: 2 })
            .map((d) => (d === null ? [RCP_FULL_ACCESS] : [RCP_FULL_ACCESS, d])),
      { minLength: 1, maxLength: 2 },
    ),
    { freq: 3 },
  );

/** Policies consistent with who the caller is: no identity policies for the root user, anonymous callers or services; boundaries only on users and roles; session policies only on sessions. */
function policiesArb(p: RequestPrincipal): fc.Arbitrary<RefPolicies> {
  const iamPrincipal = p.type !== 'anonymous' && p.type !== 'service';
  const canHaveIdentity = iamPrincipal && p.type !== 'root';
  return fc
    .record({
      identity: canHaveIdentity
        ? fc.array(docArb('identity'), { minLength: 0, maxLength: 2 })
        : fc.constant([]),
      boundary:
        p.type === 'user' || p.type === 'assumedRole'
          ? fc.option(fc.array(docArb('identity'), { minLength: 1, maxLength: 1 }), { freq: 3 })
          : fc.constant(null),
      session:
        p.type === 'assumedRole' || p.type === 'federatedUser'
          ? fc.option(fc.array(docArb('identity'), { minLength: 1, maxLength: 1 }), { freq: 3 })
          : fc.constant(null),
      resource: fc.option(docArb('resource'), { freq: 3 }),
      scp: iamPrincipal ? levelsArb('scp') : fc.constant(null),
      rcp: levelsArb('rcp'),
    })
    .map((r) => {
      const out: {
        identity: RawDoc[];
        boundary?: RawDoc[];
        session?: RawDoc[];
        resource?: { kind: 'resource'; doc: RawDoc };
        scp?: RawDoc[][];
        rcp?: RawDoc[][];
      } = { identity: [...r.identity] };
      if (r.boundary) out.boundary = [...r.boundary];
      if (r.session) out.session = [...r.session];
      if (r.resource !== null) out.resource = { kind: 'resource', doc: r.resource };
      if (r.scp) out.scp = r.scp;
      if (r.rcp) out.rcp = r.rcp;
      return out;
    });
}

export const caseArb: fc.Arbitrary<RefCase> = requestArb.chain((request) =>
  policiesArb(request.principal).map((policies) => ({ request, policies })),
);

export const ALL_PRINCIPALS = PRINCIPALS;
