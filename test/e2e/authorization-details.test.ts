/**
 * GetAccountAuthorizationDetails through the AWS CLI (auto-paging with a page size of 1), boto3
 * (its paginator, MaxItems across the four lists) and the SDK v3 (filters, documents decoded).
 */
import {
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetAccountAuthorizationDetailsCommand,
  type IAMClient,
  PutGroupPolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID,
  aws,
  boto3,
  iamClient,
  ROOT_KEY,
  removeDir,
  type ServerProcess,
  startServer,
} from './harness.js';

let server: ServerProcess;
let iam: IAMClient;

const doc = (action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const policyArn = `arn:aws:iam::${ACCOUNT_ID}:policy/team/Tools`;

beforeAll(async () => {
  server = await startServer();
  iam = iamClient(server, ROOT_KEY);
  await iam.send(
    new CreatePolicyCommand({ PolicyName: 'Tools', Path: '/team/', PolicyDocument: doc('s3:Get*') }),
  );
  await iam.send(
    new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: doc('s3:*'), SetAsDefault: true }),
  );
  await iam.send(new CreatePolicyCommand({ PolicyName: 'Unused', PolicyDocument: doc('sqs:*') }));
  await iam.send(new CreateUserCommand({ UserName: 'alice', Tags: [{ Key: 'team', Value: 'blue' }] }));
  await iam.send(new CreateUserCommand({ UserName: 'bob' }));
  await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'alice' }));
  await iam.send(
    new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'own', PolicyDocument: doc('iam:GetUser') }),
  );
  await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: policyArn }));
  await iam.send(
    new PutUserPermissionsBoundaryCommand({ UserName: 'alice', PermissionsBoundary: policyArn }),
  );
  await iam.send(
    new PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'g', PolicyDocument: doc('ec2:*') }),
  );
  await iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: READ_ONLY }));
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'app',
      AssumeRolePolicyDocument: trust,
      Tags: [{ Key: 'env', Value: 'prod' }],
    }),
  );
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: READ_ONLY }));
  await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'app-profile' }));
  await iam.send(
    new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'app-profile', RoleName: 'app' }),
  );
}, 60_000);
afterAll(async () => {
  await server?.stop('SIGKILL');
  if (server) removeDir(server.dataDir);
});

describe('GetAccountAuthorizationDetails', () => {
  it('SDK v3: users, groups, roles and policies in full, documents decoded', async () => {
    const r = await iam.send(new GetAccountAuthorizationDetailsCommand({}));
    expect(r.IsTruncated).toBe(false);
    expect(r.UserDetailList?.map((u) => u.UserName)).toEqual(['alice', 'bob']);
    const alice = r.UserDetailList?.[0];
    expect(alice?.GroupList).toEqual(['devs']);
    expect(
      alice?.UserPolicyList?.map((p) => [p.PolicyName, decodeURIComponent(p.PolicyDocument ?? '')]),
    ).toEqual([['own', doc('iam:GetUser')]]);
    expect(alice?.AttachedManagedPolicies).toEqual([{ PolicyName: 'Tools', PolicyArn: policyArn }]);
    expect(alice?.PermissionsBoundary).toEqual({
      PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
      PermissionsBoundaryArn: policyArn,
    });
    expect(alice?.Tags).toEqual([{ Key: 'team', Value: 'blue' }]);
    expect(r.UserDetailList?.[1]).toMatchObject({ UserName: 'bob', GroupList: [], UserPolicyList: [] });
    expect(r.GroupDetailList).toHaveLength(1);
    expect(r.GroupDetailList?.[0]?.AttachedManagedPolicies).toEqual([
      { PolicyName: 'ReadOnlyAccess', PolicyArn: READ_ONLY },
    ]);
    const role = r.RoleDetailList?.[0];
    expect(role?.RoleName).toBe('app');
    expect(decodeURIComponent(role?.AssumeRolePolicyDocument ?? '')).toBe(trust);
    expect(role?.InstanceProfileList?.map((p) => p.InstanceProfileName)).toEqual(['app-profile']);
    expect(role?.InstanceProfileList?.[0]?.Roles?.[0]?.RoleName).toBe('app');
    expect(role?.Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
    expect(role?.RoleLastUsed).toEqual({});
    // The customer policies, and of the AWS-managed ones only the attached one.
    expect(r.Policies?.map((p) => p.Arn)).toEqual([
      READ_ONLY,
      policyArn,
      `arn:aws:iam::${ACCOUNT_ID}:policy/Unused`,
    ]);
    const tools = r.Policies?.find((p) => p.Arn === policyArn);
    expect(tools).toMatchObject({
      AttachmentCount: 1,
      PermissionsBoundaryUsageCount: 1,
      DefaultVersionId: 'v2',
    });
    expect(tools?.PolicyVersionList?.map((v) => [v.VersionId, v.IsDefaultVersion])).toEqual([
      ['v2', true],
      ['v1', false],
    ]);
    expect(decodeURIComponent(tools?.PolicyVersionList?.[1]?.Document ?? '')).toBe(doc('s3:Get*'));
    const ro = r.Policies?.find((p) => p.Arn === READ_ONLY);
    expect(ro?.AttachmentCount).toBe(2);
    expect(ro?.PolicyVersionList?.some((v) => v.IsDefaultVersion && (v.Document ?? '').length > 0)).toBe(
      true,
    );
  });

  it('SDK v3: Filter picks the lists', async () => {
    const r = await iam.send(
      new GetAccountAuthorizationDetailsCommand({ Filter: ['Role', 'AWSManagedPolicy'] }),
    );
    expect(r.UserDetailList ?? []).toEqual([]);
    expect(r.GroupDetailList ?? []).toEqual([]);
    expect(r.RoleDetailList?.map((x) => x.RoleName)).toEqual(['app']);
    expect(r.Policies?.map((p) => p.Arn)).toEqual([READ_ONLY]);
    const local = await iam.send(
      new GetAccountAuthorizationDetailsCommand({ Filter: ['LocalManagedPolicy'] }),
    );
    expect(local.Policies?.map((p) => p.PolicyName)).toEqual(['Tools', 'Unused']);
  });

  it('boto3: MaxItems pages across the four lists in order, the paginator gathers them all', () => {
    const r = boto3(
      server,
      ROOT_KEY,
      `
pages = []
marker = None
while True:
    kw = {'MaxItems': 2}
    if marker: kw['Marker'] = marker
    p = iam.get_account_authorization_details(**kw)
    pages.append([len(p.get(k, [])) for k in ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies']])
    if not p['IsTruncated']: break
    marker = p['Marker']
full = iam.get_paginator('get_account_authorization_details').paginate(PaginationConfig={'PageSize': 3}).build_full_result()
bad = None
try:
    iam.get_account_authorization_details(Marker='bm90LW91cnM')
except botocore.exceptions.ClientError as e:
    bad = e.response['Error']['Code']
print(json.dumps({'pages': pages, 'users': [u['UserName'] for u in full['UserDetailList']], 'policies': len(full['Policies']), 'bad': bad}))
`,
    );
    expect(r.stderr).toBe('');
    const out = r.json as { pages: number[][]; users: string[]; policies: number; bad: string };
    // 2 users, 1 group, 1 role, 3 policies: pages of two walk the lists in AWS's order.
    expect(out.pages).toEqual([
      [2, 0, 0, 0],
      [0, 1, 1, 0],
      [0, 0, 0, 2],
      [0, 0, 0, 1],
    ]);
    expect(out.users).toEqual(['alice', 'bob']);
    expect(out.policies).toBe(3);
    expect(out.bad).toBe('InvalidInput');
  });

  it('AWS CLI: auto-paging with a page size of 1 and a filter', () => {
    const r = aws(server, ROOT_KEY, [
      'iam',
      'get-account-authorization-details',
      '--page-size',
      '1',
      '--filter',
      'User',
      'Group',
    ]);
    expect(r.status).toBe(0);
    const out = r.json as {
      UserDetailList: { UserName: string }[];
      GroupDetailList: { GroupName: string }[];
      RoleDetailList?: unknown[];
    };
    expect(out.UserDetailList.map((u) => u.UserName)).toEqual(['alice', 'bob']);
    expect(out.GroupDetailList.map((g) => g.GroupName)).toEqual(['devs']);
    expect(out.RoleDetailList ?? []).toEqual([]);
    const bad = aws(server, ROOT_KEY, ['iam', 'get-account-authorization-details', '--filter', 'Nope']);
    expect(bad.errorCode).toBe('ValidationError');
  });
});
