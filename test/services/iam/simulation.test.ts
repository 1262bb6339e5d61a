import { describe, expect, it } from 'vitest';
import {
  getContextKeysForCustomPolicy,
  getContextKeysForPrincipalPolicy,
} from '../../../src/services/iam/context-keys.js';
import { addUserToGroup } from '../../../src/services/iam/group-membership.js';
import { createGroup } from '../../../src/services/iam/groups.js';
import { putGroupPolicy, putRolePolicy, putUserPolicy } from '../../../src/services/iam/inline-policies.js';
import { createPolicy } from '../../../src/services/iam/managed-policies.js';
import { attachGroupPolicy, attachUserPolicy } from '../../../src/services/iam/policy-attachments.js';
import { createRole } from '../../../src/services/iam/roles.js';
import { simulateCustomPolicy, simulatePrincipalPolicy } from '../../../src/services/iam/simulation.js';
import { createUser } from '../../../src/services/iam/users.js';
import { ACCOUNT, useHarness } from './context.js';

const h = useHarness();

type CustomInput = Parameters<typeof simulateCustomPolicy.handler>[0];

const OTHER = '210987654321';
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (action: string, resource = '*', extra: object = {}) => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...extra,
});
const deny = (action: string, resource = '*', extra: object = {}) => ({
  ...allow(action, resource, extra),
  Effect: 'Deny',
});

describe('SimulateCustomPolicy', () => {
  it('answers allowed with the matched statement and its position, as the AWS CLI example shows', async () => {
    // The AWS CLI's own example: the statement's braces sit in columns 37 and 166 of one line.
    const policy =
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';
    const out = await h.call(simulateCustomPolicy, {
      PolicyInputList: [policy],
      ActionNames: ['dynamodb:CreateBackup'],
      ContextEntries: [
        {
          ContextKeyName: 'aws:CurrentTime',
          ContextKeyValues: ['2019-04-25T11:00:00Z'],
          ContextKeyType: 'date',
        },
      ],
    });
    expect(out).toEqual({
      IsTruncated: false,
      EvaluationResults: [
        {
          EvalActionName: 'dynamodb:CreateBackup',
          EvalResourceName: '*',
          EvalDecision: 'allowed',
          MatchedStatements: [
            {
              SourcePolicyId: 'PolicyInputList.1',
              SourcePolicyType: 'none',
              StartPosition: { Line: 1, Column: 38 },
              EndPosition: { Line: 1, Column: 167 },
            },
          ],
          MissingContextValues: [],
        },
      ],
    });
  });

  it('reports the date too early as implicitDeny, and the key as missing when absent', async () => {
    const policy = doc(
      allow('dynamodb:*', '*', {
        Condition: { DateGreaterThan: { 'aws:CurrentTime': '2018-08-16T12:00:00Z' } },
      }),
    );
    const early = await h.call(simulateCustomPolicy, {
      PolicyInputList: [policy],
      ActionNames: ['dynamodb:CreateBackup'],
      ContextEntries: [
        {
          ContextKeyName: 'aws:CurrentTime',
          ContextKeyValues: ['2014-04-25T11:00:00Z'],
          ContextKeyType: 'date',
        },
      ],
    });
    expect(early.EvaluationResults[0]).toMatchObject({
      EvalDecision: 'implicitDeny',
      MatchedStatements: [],
      MissingContextValues: [],
    });
    const absent = await h.call(simulateCustomPolicy, {
      PolicyInputList: [policy],
      ActionNames: ['dynamodb:CreateBackup'],
    });
    expect(absent.EvaluationResults[0]).toMatchObject({
      EvalDecision: 'implicitDeny',
      MissingContextValues: ['aws:CurrentTime'],
    });
  });

  it('answers explicitDeny with the Deny statement, positioned in a multi-line document', async () => {
    const policy = JSON.stringify(
      { Version: '2012-10-17', Statement: [allow('s3:*'), deny('s3:DeleteObject', 'arn:aws:s3:::b/*')] },
      null,
      2,
    );
    const out = await h.call(simulateCustomPolicy, {
      PolicyInputList: [policy],
      ActionNames: ['s3:DeleteObject', 's3:GetObject'],
      ResourceArns: ['arn:aws:s3:::b/k'],
    });
    const lines = policy.split('\n');
    const open = lines.findIndex((l, i) => i > 5 && l.trim() === '{');
    const close = lines.findIndex((l, i) => i > open && l.trim() === '}');
    expect(out.EvaluationResults).toEqual([
      {
        EvalActionName: 's3:DeleteObject',
        EvalResourceName: 'arn:aws:s3:::b/k',
        EvalDecision: 'explicitDeny',
        MatchedStatements: [
          {
            SourcePolicyId: 'PolicyInputList.1',
            SourcePolicyType: 'none',
            StartPosition: { Line: open + 1, Column: 6 },
            EndPosition: { Line: close + 1, Column: 6 },
          },
        ],
        MissingContextValues: [],
      },
      expect.objectContaining({ EvalActionName: 's3:GetObject', EvalDecision: 'allowed' }),
    ]);
  });

  it('gives one result per action and resource, ResourceArns defaulting to *', async () => {
    const out = await h.call(simulateCustomPolicy, {
      PolicyInputList: [doc(allow('s3:GetObject', 'arn:aws:s3:::a/*'))],
      ActionNames: ['s3:GetObject', 's3:PutObject'],
      ResourceArns: ['arn:aws:s3:::a/1', 'arn:aws:s3:::b/1'],
    });
    expect(out.EvaluationResults.map((r) => [r.EvalActionName, r.EvalResourceName, r.EvalDecision])).toEqual([
      ['s3:GetObject', 'arn:aws:s3:::a/1', 'allowed'],
      ['s3:GetObject', 'arn:aws:s3:::b/1', 'implicitDeny'],
      ['s3:PutObject', 'arn:aws:s3:::a/1', 'implicitDeny'],
      ['s3:PutObject', 'arn:aws:s3:::b/1', 'implicitDeny'],
    ]);
  });

  it('pages results with MaxItems and Marker', async () => {
    const input = {
      PolicyInputList: [doc(allow('s3:*'))],
      ActionNames: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      ResourceArns: ['arn:aws:s3:::a/1', 'arn:aws:s3:::a/2'],
      MaxItems: 4,
    };
    const first = await h.call(simulateCustomPolicy, input);
    expect(first.EvaluationResults).toHaveLength(4);
    expect(first.IsTruncated).toBe(true);
    const second = await h.call(simulateCustomPolicy, { ...input, Marker: first.Marker as string });
    expect(second.IsTruncated).toBe(false);
    expect(second.Marker).toBeUndefined();
    expect(second.EvaluationResults.map((r) => [r.EvalActionName, r.EvalResourceName])).toEqual([
      ['s3:DeleteObject', 'arn:aws:s3:::a/1'],
      ['s3:DeleteObject', 'arn:aws:s3:::a/2'],
    ]);
    expect(await h.error(simulateCustomPolicy, { ...input, Marker: 'garbage' })).toEqual({
      code: 'InvalidInput',
      message: 'Invalid Marker.',
    });
  });

  it('caps with a permissions boundary and says so in PermissionsBoundaryDecisionDetail', async () => {
    const out = await h.call(simulateCustomPolicy, {
      PolicyInputList: [doc(allow('s3:*'), allow('iam:ListUsers'))],
      PermissionsBoundaryPolicyInputList: [doc(allow('s3:*'))],
      ActionNames: ['s3:GetObject', 'iam:ListUsers'],
    });
    expect(out.EvaluationResults).toEqual([
      expect.objectContaining({
        EvalDecision: 'allowed',
        PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: true },
        MatchedStatements: [
          expect.objectContaining({ SourcePolicyId: 'PolicyInputList.1' }),
          expect.objectContaining({ SourcePolicyId: 'PermissionsBoundaryPolicyInputList.1' }),
        ],
      }),
      expect.objectContaining({
        EvalDecision: 'implicitDeny',
        PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: false },
      }),
    ]);
  });

  it('reads context entries of several types', async () => {
    const policy = doc(
      allow('ec2:RunInstances', '*', {
        Condition: {
          NumericLessThanEquals: { 'ec2:Count': '5' },
          Bool: { 'aws:MultiFactorAuthPresent': 'true' },
          IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] },
        },
      }),
    );
    const run = (count: string, keys: string[]) =>
      h.call(simulateCustomPolicy, {
        PolicyInputList: [policy],
        ActionNames: ['ec2:RunInstances'],
        ContextEntries: [
          { ContextKeyName: 'ec2:Count', ContextKeyValues: [count], ContextKeyType: 'numeric' },
          {
            ContextKeyName: 'aws:MultiFactorAuthPresent',
            ContextKeyValues: ['TRUE'],
            ContextKeyType: 'boolean',
          },
          { ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['10.1.2.3'], ContextKeyType: 'ip' },
          { ContextKeyName: 'aws:TagKeys', ContextKeyValues: keys, ContextKeyType: 'stringList' },
        ],
      });
    expect((await run('3', ['team'])).EvaluationResults[0]?.EvalDecision).toBe('allowed');
    expect((await run('9', ['team'])).EvaluationResults[0]?.EvalDecision).toBe('implicitDeny');
    expect((await run('3', ['team', 'owner'])).EvaluationResults[0]?.EvalDecision).toBe('implicitDeny');
  });

  it('needs CallerArn for a resource policy, and decides across accounts with ResourceOwner', async () => {
    const bucketPolicy = doc({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::shared/*',
    });
    const base = {
      PolicyInputList: [doc(allow('s3:GetObject'))],
      ActionNames: ['s3:GetObject'],
      ResourceArns: ['arn:aws:s3:::shared/k'],
      ResourcePolicy: bucketPolicy,
      ResourceOwner: `arn:aws:iam::${OTHER}:root`,
    };
    expect((await h.error(simulateCustomPolicy, base)).code).toBe('InvalidInput');
    const alice = await h.call(simulateCustomPolicy, {
      ...base,
      CallerArn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    });
    expect(alice.EvaluationResults[0]).toMatchObject({
      EvalDecision: 'allowed',
      EvalDecisionDetails: { 'IAM Policy': 'allowed', 'Resource Policy': 'allowed' },
      MatchedStatements: [
        { SourcePolicyId: 'ResourcePolicy', SourcePolicyType: 'resource' },
        { SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'none' },
      ],
    });
    const bob = await h.call(simulateCustomPolicy, {
      ...base,
      CallerArn: `arn:aws:iam::${ACCOUNT}:user/bob`,
    });
    expect(bob.EvaluationResults[0]).toMatchObject({
      EvalDecision: 'implicitDeny',
      EvalDecisionDetails: { 'IAM Policy': 'allowed', 'Resource Policy': 'implicitDeny' },
    });
    // Same account: the resource policy naming bob suffices without any identity policy.
    const same = await h.call(simulateCustomPolicy, {
      ...base,
      PolicyInputList: [doc(allow('s3:ListBucket'))],
      ResourceOwner: `arn:aws:iam::${ACCOUNT}:root`,
      CallerArn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    });
    expect(same.EvaluationResults[0]?.EvalDecision).toBe('allowed');
    expect(same.EvaluationResults[0]?.EvalDecisionDetails).toBeUndefined();
  });

  it('fills aws:username from CallerArn for policy variables', async () => {
    const out = await h.call(simulateCustomPolicy, {
      PolicyInputList: [doc(allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*'))],
      ActionNames: ['s3:GetObject'],
      ResourceArns: ['arn:aws:s3:::home/alice/x'],
      CallerArn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    });
    expect(out.EvaluationResults[0]?.EvalDecision).toBe('allowed');
  });

  it.each<[Partial<CustomInput>, string]>([
    [{ PolicyInputList: ['{"Version":"2012-10-17"'] }, 'MalformedPolicyDocument'],
    [{ PolicyInputList: [doc({ Effect: 'Allow', Resource: '*' })] }, 'MalformedPolicyDocument'],
    [{ ActionNames: ['not-an-action'] }, 'InvalidInput'],
    [{ ResourceArns: ['bucket'] }, 'InvalidInput'],
    [{ ResourceOwner: '12' }, 'InvalidInput'],
    [{ CallerArn: 'arn:aws:iam::1:user/a' }, 'InvalidInput'],
    [{ ResourceHandlingOption: 'EC2-Nothing' }, 'InvalidInput'],
    [
      {
        ContextEntries: [
          { ContextKeyName: 'ec2:Count', ContextKeyValues: ['many'], ContextKeyType: 'numeric' },
        ],
      },
      'InvalidInput',
    ],
    [
      {
        ContextEntries: [
          { ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['300.1.1.1'], ContextKeyType: 'ip' },
        ],
      },
      'InvalidInput',
    ],
  ])('rejects %j with %s', async (override, code) => {
    const input: CustomInput = {
      PolicyInputList: [doc(allow('s3:*'))],
      ActionNames: ['s3:GetObject'],
      ...override,
    };
    expect((await h.error(simulateCustomPolicy, input)).code).toBe(code);
  });
});

describe('SimulatePrincipalPolicy', () => {
  const userArn = `arn:aws:iam::${ACCOUNT}:user/sim/carol`;

  it('simulates a user with its own, its groups and attached policies, and its tags', async () => {
    await h.call(createUser, { UserName: 'carol', Path: '/sim/', Tags: [{ Key: 'team', Value: 'red' }] });
    await h.call(putUserPolicy, {
      UserName: 'carol',
      PolicyName: 'own',
      PolicyDocument: doc(
        allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } } }),
      ),
    });
    await h.call(createGroup, { GroupName: 'sim-readers' });
    await h.call(addUserToGroup, { GroupName: 'sim-readers', UserName: 'carol' });
    await h.call(putGroupPolicy, {
      GroupName: 'sim-readers',
      PolicyName: 'no-delete',
      PolicyDocument: doc(deny('s3:DeleteObject')),
    });
    const managed = await h.call(createPolicy, {
      PolicyName: 'sim-sqs',
      PolicyDocument: doc(allow('sqs:*')),
    });
    await h.call(attachUserPolicy, { UserName: 'carol', PolicyArn: managed.Policy.Arn });

    const out = await h.call(simulatePrincipalPolicy, {
      PolicySourceArn: userArn,
      ActionNames: ['s3:GetObject', 's3:DeleteObject', 'sqs:SendMessage', 'ec2:RunInstances'],
    });
    expect(
      out.EvaluationResults.map((r) => [
        r.EvalActionName,
        r.EvalDecision,
        r.MatchedStatements.map((s) => [s.SourcePolicyId, s.SourcePolicyType]),
      ]),
    ).toEqual([
      ['s3:GetObject', 'allowed', [['own', 'user']]],
      ['s3:DeleteObject', 'explicitDeny', [['no-delete', 'group']]],
      ['sqs:SendMessage', 'allowed', [['sim-sqs', 'user-managed']]],
      ['ec2:RunInstances', 'implicitDeny', []],
    ]);
  });

  it('adds PolicyInputList and overrides the boundary with PermissionsBoundaryPolicyInputList', async () => {
    const out = await h.call(simulatePrincipalPolicy, {
      PolicySourceArn: userArn,
      PolicyInputList: [doc(allow('ec2:RunInstances'))],
      PermissionsBoundaryPolicyInputList: [doc(allow('ec2:*'))],
      ActionNames: ['ec2:RunInstances', 'sqs:SendMessage'],
    });
    expect(out.EvaluationResults.map((r) => [r.EvalDecision, r.PermissionsBoundaryDecisionDetail])).toEqual([
      ['allowed', { AllowedByPermissionsBoundary: true }],
      ['implicitDeny', { AllowedByPermissionsBoundary: false }],
    ]);
  });

  it('simulates a group with its own policies, and a role as a session of it', async () => {
    await h.call(createGroup, { GroupName: 'sim-admins' });
    await h.call(attachGroupPolicy, {
      GroupName: 'sim-admins',
      PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    });
    const group = await h.call(simulatePrincipalPolicy, {
      PolicySourceArn: `arn:aws:iam::${ACCOUNT}:group/sim-admins`,
      ActionNames: ['iam:CreateUser'],
    });
    expect(group.EvaluationResults[0]).toMatchObject({
      EvalDecision: 'allowed',
      MatchedStatements: [{ SourcePolicyId: 'AdministratorAccess', SourcePolicyType: 'aws-managed' }],
    });

    await h.call(createRole, {
      RoleName: 'sim-role',
      AssumeRolePolicyDocument: doc({
        Effect: 'Allow',
        Principal: { Service: 'ec2.amazonaws.com' },
        Action: 'sts:AssumeRole',
      }),
    });
    await h.call(putRolePolicy, {
      RoleName: 'sim-role',
      PolicyName: 'mine',
      PolicyDocument: doc(
        allow('s3:GetObject', '*', { Condition: { StringLike: { 'aws:userid': '*:simulated-session' } } }),
      ),
    });
    const role = await h.call(simulatePrincipalPolicy, {
      PolicySourceArn: `arn:aws:iam::${ACCOUNT}:role/sim-role`,
      ActionNames: ['s3:GetObject'],
    });
    expect(role.EvaluationResults[0]).toMatchObject({
      EvalDecision: 'allowed',
      MatchedStatements: [{ SourcePolicyId: 'mine', SourcePolicyType: 'role' }],
    });
  });

  it('answers NoSuchEntity for a principal the account lacks', async () => {
    expect(
      await h.error(simulatePrincipalPolicy, {
        PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/nobody`,
        ActionNames: ['s3:GetObject'],
      }),
    ).toEqual({
      code: 'NoSuchEntity',
      message: 'The user with name nobody cannot be found.',
    });
    expect(
      (
        await h.error(simulatePrincipalPolicy, {
          PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/carol`,
          ActionNames: ['s3:GetObject'],
        })
      ).code,
    ).toBe('NoSuchEntity');
    expect(
      (
        await h.error(simulatePrincipalPolicy, {
          PolicySourceArn: `arn:aws:iam::${OTHER}:role/r`,
          ActionNames: ['s3:GetObject'],
        })
      ).code,
    ).toBe('NoSuchEntity');
    expect(
      (await h.error(simulatePrincipalPolicy, { PolicySourceArn: 'bogus', ActionNames: ['s3:GetObject'] }))
        .code,
    ).toBe('InvalidInput');
  });
});

describe('GetContextKeysFor*Policy', () => {
  it('lists condition keys and variables once each, without regard to case, as first written', async () => {
    const out = await h.call(getContextKeysForCustomPolicy, {
      PolicyInputList: [
        doc(
          allow('s3:GetObject', 'arn:aws:s3:::b/${aws:username}/*', {
            Condition: { StringEquals: { 'aws:PrincipalTag/Team': '${aws:PrincipalTag/Dept}' } },
          }),
        ),
        doc(
          allow('ec2:*', '*', {
            Condition: {
              IpAddress: { 'AWS:SourceIp': '10.0.0.0/8' },
              Bool: { 'aws:sourceip': 'x' },
              StringLike: { 'aws:principaltag/team': 'a' },
            },
          }),
        ),
      ],
    });
    expect(out.ContextKeyNames).toEqual([
      'aws:username',
      'aws:PrincipalTag/Team',
      'aws:PrincipalTag/Dept',
      'AWS:SourceIp',
    ]);
    expect((await h.error(getContextKeysForCustomPolicy, { PolicyInputList: ['nope'] })).code).toBe(
      'MalformedPolicyDocument',
    );
  });

  it("reads a principal's policies and any given", async () => {
    const out = await h.call(getContextKeysForPrincipalPolicy, {
      PolicySourceArn: userArn(),
      PolicyInputList: [doc(allow('s3:*', '*', { Condition: { Null: { 's3:prefix': 'false' } } }))],
    });
    expect(out.ContextKeyNames).toEqual(['aws:PrincipalTag/team', 's3:prefix']);
    expect(
      (
        await h.error(getContextKeysForPrincipalPolicy, {
          PolicySourceArn: `arn:aws:iam::${ACCOUNT}:group/none`,
        })
      ).code,
    ).toBe('NoSuchEntity');
  });
});

const userArn = () => `arn:aws:iam::${ACCOUNT}:user/sim/carol`;
