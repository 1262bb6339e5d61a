import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID,
  aws,
  boto3,
  REGION,
  ROOT_KEY,
  removeDir,
  type ServerProcess,
  startServer,
} from './harness.js';

// Every IAM operation family through a real client, start to finish: create, read, update, the
// DeleteConflict that AWS raises while something still hangs off an entity, then clean-up. The
// handlers have unit tests; this proves the wire shapes (botocore's parser, the CLI) agree.

let server: ServerProcess;

beforeAll(async () => {
  server = await startServer();
}, 30_000);
afterAll(async () => {
  await server?.stop('SIGKILL');
  if (server) removeDir(server.dataDir);
});

const run = (body: string): Record<string, unknown> => {
  const r = boto3(
    server,
    ROOT_KEY,
    `
r = {}
def err(fn, **kw):
    try:
        fn(**kw)
        return None
    except botocore.exceptions.ClientError as e:
        return e.response['Error']['Code']
${body}
print(json.dumps(r, default=str))
`,
  );
  expect(r.stderr).not.toMatch(/Traceback/);
  return r.json as Record<string, unknown>;
};

const DOC = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
});
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

describe('IAM lifecycle through boto3', () => {
  it('users, groups, membership, group inline and managed policies, DeleteConflict', () => {
    const r = run(`
doc = ${JSON.stringify(DOC)}
iam.create_user(UserName='ann')
iam.update_user(UserName='ann', NewUserName='anna', NewPath='/ops/')
r['renamed'] = iam.get_user(UserName='anna')['User']['Arn']
iam.create_group(GroupName='devs')
iam.update_group(GroupName='devs', NewGroupName='developers')
r['groups'] = [g['GroupName'] for g in iam.list_groups()['Groups']]
iam.add_user_to_group(GroupName='developers', UserName='anna')
r['for_user'] = [g['GroupName'] for g in iam.list_groups_for_user(UserName='anna')['Groups']]
iam.put_group_policy(GroupName='developers', PolicyName='inline', PolicyDocument=doc)
r['group_inline'] = iam.get_group_policy(GroupName='developers', PolicyName='inline')['PolicyDocument']
r['group_inline_names'] = iam.list_group_policies(GroupName='developers')['PolicyNames']
arn = iam.create_policy(PolicyName='shared', PolicyDocument=doc)['Policy']['Arn']
iam.attach_group_policy(GroupName='developers', PolicyArn=arn)
r['attached_group'] = [p['PolicyName'] for p in iam.list_attached_group_policies(GroupName='developers')['AttachedPolicies']]
r['delete_group_busy'] = err(iam.delete_group, GroupName='developers')
r['delete_policy_busy'] = err(iam.delete_policy, PolicyArn=arn)
iam.detach_group_policy(GroupName='developers', PolicyArn=arn)
iam.delete_group_policy(GroupName='developers', PolicyName='inline')
iam.remove_user_from_group(GroupName='developers', UserName='anna')
r['remove_again'] = err(iam.remove_user_from_group, GroupName='developers', UserName='anna')
iam.delete_group(GroupName='developers')
r['groups_after'] = [g['GroupName'] for g in iam.list_groups()['Groups']]
iam.delete_policy(PolicyArn=arn)
r['get_deleted_policy'] = err(iam.get_policy, PolicyArn=arn)
`);
    expect(r.renamed).toBe(`arn:aws:iam::${ACCOUNT_ID}:user/ops/anna`);
    expect(r.groups).toEqual(['developers']);
    expect(r.for_user).toEqual(['developers']);
    expect(r.group_inline).toEqual(JSON.parse(DOC)); // botocore URL-decodes and parses the document
    expect(r.group_inline_names).toEqual(['inline']);
    expect(r.attached_group).toEqual(['shared']);
    expect(r.delete_group_busy).toBe('DeleteConflict');
    expect(r.delete_policy_busy).toBe('DeleteConflict');
    expect(r.remove_again).toBe('NoSuchEntity');
    expect(r.groups_after).toEqual([]);
    expect(r.get_deleted_policy).toBe('NoSuchEntity');
  });

  it('policy versions, user and role attachments, ListEntitiesForPolicy, user and role inline policies', () => {
    const r = run(`
doc = ${JSON.stringify(DOC)}
trust = ${JSON.stringify(TRUST)}
arn = iam.create_policy(PolicyName='versioned', PolicyDocument=doc)['Policy']['Arn']
iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc, SetAsDefault=False)
iam.set_default_policy_version(PolicyArn=arn, VersionId='v2')
r['default'] = iam.get_policy(PolicyArn=arn)['Policy']['DefaultVersionId']
r['delete_default'] = err(iam.delete_policy_version, PolicyArn=arn, VersionId='v2')
iam.delete_policy_version(PolicyArn=arn, VersionId='v1')
iam.create_user(UserName='bo')
iam.create_role(RoleName='app', AssumeRolePolicyDocument=trust)
iam.attach_user_policy(UserName='bo', PolicyArn=arn)
iam.attach_role_policy(RoleName='app', PolicyArn=arn)
r['role_attached'] = [p['PolicyArn'] for p in iam.list_attached_role_policies(RoleName='app')['AttachedPolicies']]
e = iam.list_entities_for_policy(PolicyArn=arn)
r['entities'] = [[u['UserName'] for u in e['PolicyUsers']], [x['RoleName'] for x in e['PolicyRoles']]]
iam.put_user_policy(UserName='bo', PolicyName='u-inline', PolicyDocument=doc)
iam.put_role_policy(RoleName='app', PolicyName='r-inline', PolicyDocument=doc)
r['user_inline'] = [iam.list_user_policies(UserName='bo')['PolicyNames'], iam.get_user_policy(UserName='bo', PolicyName='u-inline')['PolicyName']]
r['role_inline'] = [iam.list_role_policies(RoleName='app')['PolicyNames'], iam.get_role_policy(RoleName='app', PolicyName='r-inline')['RoleName']]
r['delete_role_busy'] = err(iam.delete_role, RoleName='app')
iam.delete_user_policy(UserName='bo', PolicyName='u-inline')
iam.delete_role_policy(RoleName='app', PolicyName='r-inline')
iam.detach_user_policy(UserName='bo', PolicyArn=arn)
iam.detach_role_policy(RoleName='app', PolicyArn=arn)
r['entities_after'] = iam.list_entities_for_policy(PolicyArn=arn)['PolicyUsers']
r['inline_gone'] = err(iam.get_role_policy, RoleName='app', PolicyName='r-inline')
iam.delete_role(RoleName='app')
iam.delete_user(UserName='bo')
r['role_deleted'] = err(iam.get_role, RoleName='app')
`);
    expect(r.default).toBe('v2');
    expect(r.delete_default).toBe('DeleteConflict');
    expect(r.role_attached).toEqual([`arn:aws:iam::${ACCOUNT_ID}:policy/versioned`]);
    expect(r.entities).toEqual([['bo'], ['app']]);
    expect(r.user_inline).toEqual([['u-inline'], 'u-inline']);
    expect(r.role_inline).toEqual([['r-inline'], 'app']);
    expect(r.delete_role_busy).toBe('DeleteConflict');
    expect(r.entities_after).toEqual([]);
    expect(r.inline_gone).toBe('NoSuchEntity');
    expect(r.role_deleted).toBe('NoSuchEntity');
  });

  it('roles, instance profiles, permissions boundaries', () => {
    const r = run(`
trust = ${JSON.stringify(TRUST)}
iam.create_role(RoleName='web', AssumeRolePolicyDocument=trust, Description='first')
iam.update_role(RoleName='web', MaxSessionDuration=7200)
iam.update_role_description(RoleName='web', Description='second')
newtrust = json.loads(trust)
newtrust['Statement'][0]['Principal'] = {'Service': 'lambda.amazonaws.com'}
iam.update_assume_role_policy(RoleName='web', PolicyDocument=json.dumps(newtrust))
role = iam.get_role(RoleName='web')['Role']
r['role'] = [role['MaxSessionDuration'], role['Description'], role['AssumeRolePolicyDocument']['Statement'][0]['Principal']]
r['roles'] = [x['RoleName'] for x in iam.list_roles()['Roles']]
iam.create_instance_profile(InstanceProfileName='web-profile')
iam.add_role_to_instance_profile(InstanceProfileName='web-profile', RoleName='web')
r['second_role'] = err(iam.add_role_to_instance_profile, InstanceProfileName='web-profile', RoleName='web')
r['profile_roles'] = [x['RoleName'] for x in iam.get_instance_profile(InstanceProfileName='web-profile')['InstanceProfile']['Roles']]
r['profiles'] = [p['InstanceProfileName'] for p in iam.list_instance_profiles()['InstanceProfiles']]
r['for_role'] = [p['InstanceProfileName'] for p in iam.list_instance_profiles_for_role(RoleName='web')['InstanceProfiles']]
r['delete_role_in_profile'] = err(iam.delete_role, RoleName='web')
boundary = 'arn:aws:iam::aws:policy/ReadOnlyAccess'
iam.put_role_permissions_boundary(RoleName='web', PermissionsBoundary=boundary)
iam.create_user(UserName='cy')
iam.put_user_permissions_boundary(UserName='cy', PermissionsBoundary=boundary)
r['boundaries'] = [iam.get_role(RoleName='web')['Role']['PermissionsBoundary']['PermissionsBoundaryArn'], iam.get_user(UserName='cy')['User']['PermissionsBoundary']['PermissionsBoundaryArn']]
iam.delete_role_permissions_boundary(RoleName='web')
iam.delete_user_permissions_boundary(UserName='cy')
r['boundaries_after'] = ['PermissionsBoundary' in iam.get_role(RoleName='web')['Role'], 'PermissionsBoundary' in iam.get_user(UserName='cy')['User']]
iam.remove_role_from_instance_profile(InstanceProfileName='web-profile', RoleName='web')
iam.delete_instance_profile(InstanceProfileName='web-profile')
iam.delete_role(RoleName='web')
r['role_gone'] = err(iam.get_role, RoleName='web')
`);
    expect(r.role).toEqual([7200, 'second', { Service: 'lambda.amazonaws.com' }]);
    expect(r.roles).toEqual(['web']);
    expect(r.second_role).toBe('LimitExceeded');
    expect(r.profile_roles).toEqual(['web']);
    expect(r.profiles).toEqual(['web-profile']);
    expect(r.for_role).toEqual(['web-profile']);
    expect(r.delete_role_in_profile).toBe('DeleteConflict');
    expect(r.boundaries).toEqual([
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
    ]);
    expect(r.boundaries_after).toEqual([false, false]);
    expect(r.role_gone).toBe('NoSuchEntity');
  });

  it('tags on users, roles, policies and instance profiles; account aliases', () => {
    const r = run(`
doc = ${JSON.stringify(DOC)}
trust = ${JSON.stringify(TRUST)}
iam.create_user(UserName='dee')
iam.create_role(RoleName='tagged', AssumeRolePolicyDocument=trust)
parn = iam.create_policy(PolicyName='tagged', PolicyDocument=doc)['Policy']['Arn']
iam.create_instance_profile(InstanceProfileName='tagged')
t = [{'Key': 'team', 'Value': 'blue'}, {'Key': 'env', 'Value': 'dev'}]
iam.tag_user(UserName='dee', Tags=t)
iam.tag_role(RoleName='tagged', Tags=t)
iam.tag_policy(PolicyArn=parn, Tags=t)
iam.tag_instance_profile(InstanceProfileName='tagged', Tags=t)
iam.untag_user(UserName='dee', TagKeys=['env'])
iam.untag_role(RoleName='tagged', TagKeys=['env'])
iam.untag_policy(PolicyArn=parn, TagKeys=['env'])
iam.untag_instance_profile(InstanceProfileName='tagged', TagKeys=['env'])
r['tags'] = [
  iam.list_user_tags(UserName='dee')['Tags'],
  iam.list_role_tags(RoleName='tagged')['Tags'],
  iam.list_policy_tags(PolicyArn=parn)['Tags'],
  iam.list_instance_profile_tags(InstanceProfileName='tagged')['Tags'],
]
r['reserved'] = err(iam.tag_user, UserName='dee', Tags=[{'Key': 'aws:x', 'Value': 'y'}])
iam.create_account_alias(AccountAlias='portcullis-e2e')
r['aliases'] = iam.list_account_aliases()['AccountAliases']
iam.delete_account_alias(AccountAlias='portcullis-e2e')
r['aliases_after'] = iam.list_account_aliases()['AccountAliases']
`);
    const blue = [{ Key: 'team', Value: 'blue' }];
    expect(r.tags).toEqual([blue, blue, blue, blue]);
    expect(r.reserved).toBe('InvalidInput');
    expect(r.aliases).toEqual(['portcullis-e2e']);
    expect(r.aliases_after).toEqual([]);
  });
});

describe('IAM lifecycle through the aws CLI', () => {
  it('groups and membership', () => {
    const cli = (...args: string[]) => aws(server, ROOT_KEY, ['--region', REGION, 'iam', ...args]);
    expect(cli('create-user', '--user-name', 'eve').status).toBe(0);
    expect(cli('create-group', '--group-name', 'ops').status).toBe(0);
    expect(cli('add-user-to-group', '--group-name', 'ops', '--user-name', 'eve').status).toBe(0);
    const group = cli('get-group', '--group-name', 'ops').json as { Users: { UserName: string }[] };
    expect(group.Users.map((u) => u.UserName)).toEqual(['eve']);
    const conflict = cli('delete-user', '--user-name', 'eve');
    expect(conflict.errorCode).toBe('DeleteConflict');
    expect(cli('remove-user-from-group', '--group-name', 'ops', '--user-name', 'eve').status).toBe(0);
    expect(cli('delete-user', '--user-name', 'eve').status).toBe(0);
    expect(cli('delete-group', '--group-name', 'ops').status).toBe(0);
    expect(cli('get-group', '--group-name', 'ops').errorCode).toBe('NoSuchEntity');
  });
});
