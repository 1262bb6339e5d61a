import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  paginateListPolicies,
  paginateListRoles,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aws,
  boto3,
  iamClient,
  REGION,
  ROOT_KEY,
  removeDir,
  type ServerProcess,
  startServer,
} from './harness.js';

// IAM pagination (IAM-FACTS §1.4): Marker/MaxItems in, IsTruncated/Marker out; every client loops
// on IsTruncated. Each client's own paginator must collect every entity exactly once.

let server: ServerProcess;
const USERS = Array.from({ length: 23 }, (_, i) => `page-user-${String(i).padStart(2, '0')}`);
const GROUP_MEMBERS = USERS.slice(0, 9);
const ROLES = Array.from({ length: 11 }, (_, i) => `page-role-${i}`);
const POLICIES = Array.from({ length: 13 }, (_, i) => `page-policy-${i}`);
const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const doc = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
});

beforeAll(async () => {
  server = await startServer();
  const iam = iamClient(server, ROOT_KEY);
  for (const u of USERS)
    await iam.send(new CreateUserCommand({ UserName: u, Path: u < 'page-user-12' ? '/a/' : '/b/' }));
  await iam.send(new CreateGroupCommand({ GroupName: 'page-group' }));
  for (const u of GROUP_MEMBERS)
    await iam.send(new AddUserToGroupCommand({ GroupName: 'page-group', UserName: u }));
  for (const r of ROLES)
    await iam.send(new CreateRoleCommand({ RoleName: r, AssumeRolePolicyDocument: trust }));
  for (const p of POLICIES) await iam.send(new CreatePolicyCommand({ PolicyName: p, PolicyDocument: doc }));
}, 60_000);
afterAll(async () => {
  await server?.stop('SIGKILL');
  if (server) removeDir(server.dataDir);
});

describe('pagination through real clients', () => {
  it('@aws-sdk/client-iam paginators collect every user, role and policy once', async () => {
    const client = iamClient(server, ROOT_KEY);
    const collect = async <T>(pages: AsyncIterable<T>, pick: (p: T) => (string | undefined)[]) => {
      const out: (string | undefined)[] = [];
      let n = 0;
      for await (const page of pages) {
        out.push(...pick(page));
        n++;
      }
      return { out, pages: n };
    };
    const users = await collect(paginateListUsers({ client, pageSize: 5 }, {}), (p) =>
      (p.Users ?? []).map((u) => u.UserName),
    );
    expect(users.out).toEqual(USERS);
    expect(users.pages).toBe(5);
    const roles = await collect(paginateListRoles({ client, pageSize: 4 }, {}), (p) =>
      (p.Roles ?? []).map((r) => r.RoleName),
    );
    expect(roles.out.sort()).toEqual([...ROLES].sort());
    const policies = await collect(paginateListPolicies({ client, pageSize: 6 }, { Scope: 'Local' }), (p) =>
      (p.Policies ?? []).map((x) => x.PolicyName),
    );
    expect(policies.out.sort()).toEqual([...POLICIES].sort());
  });

  it('boto3 paginators: list_users (with PathPrefix), get_group members, list_policies Scope=Local', () => {
    const r = boto3(
      server,
      ROOT_KEY,
      `
out = {}
out['users'] = [u['UserName'] for page in iam.get_paginator('list_users').paginate(PaginationConfig={'PageSize': 4}) for u in page['Users']]
out['b_users'] = [u['UserName'] for page in iam.get_paginator('list_users').paginate(PathPrefix='/b/', PaginationConfig={'PageSize': 3}) for u in page['Users']]
out['members'] = [u['UserName'] for page in iam.get_paginator('get_group').paginate(GroupName='page-group', PaginationConfig={'PageSize': 2}) for u in page['Users']]
out['policies'] = [p['PolicyName'] for page in iam.get_paginator('list_policies').paginate(Scope='Local', PaginationConfig={'PageSize': 5}) for p in page['Policies']]
first = iam.list_users(MaxItems=10)
out['first'] = [len(first['Users']), first['IsTruncated'], 'Marker' in first]
last = iam.list_users(MaxItems=100)
out['last'] = [len(last['Users']), last['IsTruncated'], 'Marker' in last]
print(json.dumps(out))
`,
    );
    expect(r.stderr).not.toMatch(/Traceback/);
    const out = r.json as Record<string, unknown>;
    expect(out.users).toEqual(USERS);
    expect(out.b_users).toEqual(USERS.filter((u) => u >= 'page-user-12'));
    expect(out.members).toEqual(GROUP_MEMBERS);
    expect((out.policies as string[]).sort()).toEqual([...POLICIES].sort());
    expect(out.first).toEqual([10, true, true]);
    expect(out.last).toEqual([23, false, false]);
  });

  it('a Marker that the server did not issue is refused, MaxItems out of range is a ValidationError', () => {
    const bad = boto3(server, ROOT_KEY, `print(json.dumps(iam.list_users(Marker='not-a-marker-we-issued')))`);
    expect(bad.json).toMatchObject({ error: 'InvalidInput', status: 400 });
    const tooMany = boto3(server, ROOT_KEY, `print(json.dumps(iam.list_users(MaxItems=1001)))`);
    expect(tooMany.json).toMatchObject({ error: 'ValidationError', status: 400 });
  });

  it('the aws CLI auto-paginates with --page-size and resumes with --starting-token', () => {
    const all = aws(server, ROOT_KEY, ['--region', REGION, 'iam', 'list-users', '--page-size', '6']);
    expect(all.status).toBe(0);
    expect((all.json as { Users: { UserName: string }[] }).Users.map((u) => u.UserName)).toEqual(USERS);

    const first = aws(server, ROOT_KEY, ['--region', REGION, 'iam', 'list-users', '--max-items', '10']);
    const firstPage = first.json as { Users: { UserName: string }[]; NextToken?: string };
    expect(firstPage.Users.map((u) => u.UserName)).toEqual(USERS.slice(0, 10));
    expect(firstPage.NextToken).toBeTruthy();
    const rest = aws(server, ROOT_KEY, [
      '--region',
      REGION,
      'iam',
      'list-users',
      '--starting-token',
      firstPage.NextToken!,
    ]);
    expect((rest.json as { Users: { UserName: string }[] }).Users.map((u) => u.UserName)).toEqual(
      USERS.slice(10),
    );
  });
});
