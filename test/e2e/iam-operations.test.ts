import {
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteUserCommand,
  GetAccountSummaryCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetUserCommand,
  ListAttachedUserPoliciesCommand,
  ListPolicyVersionsCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID,
  boto3,
  iamClient,
  removeDir,
  ROOT_KEY,
  type ServerProcess,
  startServer,
} from './harness.js';

let server: ServerProcess;

beforeAll(async () => {
  server = await startServer();
}, 30_000);
afterAll(async () => {
  await server?.stop('SIGKILL');
  if (server) removeDir(server.dataDir);
});

const doc = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/100%/*' }],
});
const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

describe('IAM operations through @aws-sdk/client-iam', () => {
  it('users, policies, versions, attachments, DeleteConflict, summary', async () => {
    const iam = iamClient(server, ROOT_KEY);
    const created = await iam.send(
      new CreateUserCommand({ UserName: 'e2e', Path: '/e2e/', Tags: [{ Key: 'k', Value: 'v' }] }),
    );
    expect(created.User?.Arn).toBe(`arn:aws:iam::${ACCOUNT_ID}:user/e2e/e2e`);
    expect(created.User?.CreateDate).toBeInstanceOf(Date);
    expect((await iam.send(new GetUserCommand({ UserName: 'E2E' }))).User?.Tags).toEqual([
      { Key: 'k', Value: 'v' },
    ]);
    const root = await iam.send(new GetUserCommand({}));
    expect(root.User?.Arn).toBe(`arn:aws:iam::${ACCOUNT_ID}:root`);

    const policy = await iam.send(new CreatePolicyCommand({ PolicyName: 'e2e-p', PolicyDocument: doc }));
    const arn = policy.Policy?.Arn as string;
    await iam.send(
      new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc, SetAsDefault: true }),
    );
    const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    expect(versions.Versions?.map((v) => [v.VersionId, v.IsDefaultVersion])).toEqual([
      ['v2', true],
      ['v1', false],
    ]);
    const v2 = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }));
    // JS v3 does not decode: the wire carries the URL-encoded document, as AWS sends it.
    expect(decodeURIComponent(v2.PolicyVersion?.Document as string)).toBe(doc);

    await iam.send(new AttachUserPolicyCommand({ UserName: 'e2e', PolicyArn: arn }));
    const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'e2e' }));
    expect(attached.AttachedPolicies).toEqual([{ PolicyName: 'e2e-p', PolicyArn: arn }]);
    await expect(iam.send(new DeleteUserCommand({ UserName: 'e2e' }))).rejects.toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must detach all policies first.',
    });
    const page = await iam.send(new ListUsersCommand({ MaxItems: 1 }));
    expect(page.IsTruncated).toBe(false);
    const summary = await iam.send(new GetAccountSummaryCommand({}));
    expect(summary.SummaryMap?.Users).toBe(1);
    expect(summary.SummaryMap?.PolicySizeQuota).toBe(6144);
  });

  it('roles: the trust policy round-trips, and boto3 decodes it', async () => {
    const iam = iamClient(server, ROOT_KEY);
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'e2e-role',
        AssumeRolePolicyDocument: trust,
        MaxSessionDuration: 7200,
      }),
    );
    const role = await iam.send(new GetRoleCommand({ RoleName: 'e2e-role' }));
    expect(decodeURIComponent(role.Role?.AssumeRolePolicyDocument as string)).toBe(trust);
    expect(role.Role?.MaxSessionDuration).toBe(7200);
    const r = boto3(
      server,
      ROOT_KEY,
      `role = iam.get_role(RoleName='e2e-role')['Role']
print(json.dumps({'doc': role['AssumeRolePolicyDocument'], 'id': role['RoleId']}))`,
    );
    expect(r.json).toMatchObject({ doc: JSON.parse(trust) });
    const err = boto3(server, ROOT_KEY, `iam.get_role(RoleName='nope')`);
    expect(err.json).toEqual({
      error: 'NoSuchEntity',
      message: 'The role with name nope cannot be found.',
      status: 404,
    });
  });
});
