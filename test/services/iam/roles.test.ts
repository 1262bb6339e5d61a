import { describe, expect, it } from 'vitest';
import {
  getAccountSummary,
  createAccountAlias,
  deleteAccountAlias,
  listAccountAliases,
} from '../../../src/services/iam/account.js';
import {
  listRoleTags,
  listUserTags,
  tagPolicy,
  tagRole,
  tagUser,
  untagRole,
  listPolicyTags,
} from '../../../src/services/iam/entity-tags.js';
import { createGroup } from '../../../src/services/iam/groups.js';
import {
  deleteGroupPolicy,
  getRolePolicy,
  listUserPolicies,
  putGroupPolicy,
  putRolePolicy,
  putUserPolicy,
  deleteRolePolicy,
  getUserPolicy,
} from '../../../src/services/iam/inline-policies.js';
import {
  addRoleToInstanceProfile,
  createInstanceProfile,
  deleteInstanceProfile,
  getInstanceProfile,
  listInstanceProfilesForRole,
  removeRoleFromInstanceProfile,
} from '../../../src/services/iam/instance-profiles.js';
import { createPolicy } from '../../../src/services/iam/managed-policies.js';
import {
  deleteRolePermissionsBoundary,
  putRolePermissionsBoundary,
  putUserPermissionsBoundary,
} from '../../../src/services/iam/permissions-boundaries.js';
import { listEntitiesForPolicy } from '../../../src/services/iam/policy-entities.js';
import {
  createRole,
  deleteRole,
  getRole,
  listRoles,
  updateAssumeRolePolicy,
  updateRole,
  updateRoleDescription,
} from '../../../src/services/iam/roles.js';
import { createUser, deleteUser } from '../../../src/services/iam/users.js';
import { ACCOUNT, useHarness } from './context.js';

const h = useHarness();

const trust = (service = 'ec2.amazonaws.com') =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });
const identity = (resource = '*') =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resource }],
  });

describe('roles', () => {
  it('CreateRole: AROA id, trust document as sent, default MaxSessionDuration, tags; GetRole adds RoleLastUsed', async () => {
    const out = await h.call(createRole, {
      RoleName: 'app',
      Path: '/svc/',
      AssumeRolePolicyDocument: trust(),
      Description: 'the app',
      Tags: [{ Key: 'Team', Value: 'a' }],
    });
    expect(out.Role).toMatchObject({
      RoleName: 'app',
      Arn: `arn:aws:iam::${ACCOUNT}:role/svc/app`,
      AssumeRolePolicyDocument: trust(),
      Description: 'the app',
      MaxSessionDuration: 3600,
      Tags: [{ Key: 'Team', Value: 'a' }],
    });
    expect(out.Role.RoleId).toMatch(/^AROA/);
    const got = await h.call(getRole, { RoleName: 'APP' });
    expect(got.Role).toMatchObject({ RoleName: 'app', RoleLastUsed: {} });
    expect((await h.error(createRole, { RoleName: 'App', AssumeRolePolicyDocument: trust() })).code).toBe(
      'EntityAlreadyExists',
    );
  });

  it.each([
    [
      'an identity policy as trust policy',
      { AssumeRolePolicyDocument: identity() },
      'MalformedPolicyDocument',
    ],
    [
      'a trust policy over 2,048 characters',
      { AssumeRolePolicyDocument: trust(`${'x'.repeat(2100)}.amazonaws.com`) },
      'LimitExceeded',
    ],
    [
      'MaxSessionDuration below 3600',
      { AssumeRolePolicyDocument: trust(), MaxSessionDuration: 3599 },
      'ValidationError',
    ],
    [
      'MaxSessionDuration above 43200',
      { AssumeRolePolicyDocument: trust(), MaxSessionDuration: 43201 },
      'ValidationError',
    ],
    [
      'a missing boundary',
      { AssumeRolePolicyDocument: trust(), PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/none` },
      'NoSuchEntity',
    ],
    [
      'an aws: tag',
      { AssumeRolePolicyDocument: trust(), Tags: [{ Key: 'AWS:x', Value: 'y' }] },
      'InvalidInput',
    ],
  ])('CreateRole refuses %s', async (_what, input, code) => {
    const err = await h.error(createRole, { RoleName: 'bad', ...input });
    expect(err.code).toBe(code);
    if (code === 'LimitExceeded') expect(err.message).toBe('Cannot exceed quota for ACLSizePerRole: 2048');
  });

  it('UpdateRole, UpdateRoleDescription, UpdateAssumeRolePolicy', async () => {
    expect(await h.call(updateRole, { RoleName: 'app', MaxSessionDuration: 7200 })).toEqual({});
    const described = await h.call(updateRoleDescription, { RoleName: 'app', Description: 'new' });
    expect(described.Role).toMatchObject({ Description: 'new', MaxSessionDuration: 7200 });
    await h.call(updateAssumeRolePolicy, { RoleName: 'app', PolicyDocument: trust('lambda.amazonaws.com') });
    expect((await h.call(getRole, { RoleName: 'app' })).Role.AssumeRolePolicyDocument).toBe(
      trust('lambda.amazonaws.com'),
    );
    expect((await h.error(updateAssumeRolePolicy, { RoleName: 'app', PolicyDocument: '{' })).code).toBe(
      'MalformedPolicyDocument',
    );
    expect(await h.error(updateRole, { RoleName: 'ghost' })).toEqual({
      code: 'NoSuchEntity',
      message: 'The role with name ghost cannot be found.',
    });
  });

  it('ListRoles omits tags and boundaries', async () => {
    const out = await h.call(listRoles, { PathPrefix: '/svc/' });
    expect(out.Roles.map((r) => r.RoleName)).toEqual(['app']);
    expect(out.Roles[0]).not.toHaveProperty('Tags');
    expect(out.IsTruncated).toBe(false);
  });

  it('instance profiles: one role at most, DeleteConflict both ways, ListInstanceProfilesForRole', async () => {
    const created = await h.call(createInstanceProfile, { InstanceProfileName: 'web', Path: '/svc/' });
    expect(created.InstanceProfile).toMatchObject({
      Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/svc/web`,
      Roles: [],
    });
    expect(created.InstanceProfile.InstanceProfileId).toMatch(/^AIPA/);
    await h.call(addRoleToInstanceProfile, { InstanceProfileName: 'web', RoleName: 'app' });
    await h.call(createRole, { RoleName: 'other', AssumeRolePolicyDocument: trust() });
    expect(
      await h.error(addRoleToInstanceProfile, { InstanceProfileName: 'web', RoleName: 'other' }),
    ).toEqual({
      code: 'LimitExceeded',
      message: 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1',
    });
    const got = await h.call(getInstanceProfile, { InstanceProfileName: 'WEB' });
    expect(got.InstanceProfile.Roles.map((r) => r.RoleName)).toEqual(['app']);
    const forRole = await h.call(listInstanceProfilesForRole, { RoleName: 'app' });
    expect(forRole.InstanceProfiles.map((p) => p.InstanceProfileName)).toEqual(['web']);
    expect(await h.error(deleteInstanceProfile, { InstanceProfileName: 'web' })).toEqual({
      code: 'DeleteConflict',
      message: 'Cannot delete entity, must remove roles from instance profile first.',
    });
    expect(await h.error(deleteRole, { RoleName: 'app' })).toEqual({
      code: 'DeleteConflict',
      message: 'Cannot delete entity, must remove roles from instance profile first.',
    });
    await h.call(removeRoleFromInstanceProfile, { InstanceProfileName: 'web', RoleName: 'app' });
    expect(
      (await h.error(removeRoleFromInstanceProfile, { InstanceProfileName: 'web', RoleName: 'app' })).code,
    ).toBe('NoSuchEntity');
    await h.call(deleteInstanceProfile, { InstanceProfileName: 'web' });
    expect(await h.error(getInstanceProfile, { InstanceProfileName: 'web' })).toEqual({
      code: 'NoSuchEntity',
      message: 'Instance Profile web cannot be found.',
    });
  });

  it('inline role policies block DeleteRole; permissions boundary put and delete', async () => {
    await h.call(putRolePolicy, { RoleName: 'other', PolicyName: 'inline', PolicyDocument: identity() });
    expect((await h.call(getRolePolicy, { RoleName: 'other', PolicyName: 'inline' })).PolicyDocument).toBe(
      identity(),
    );
    expect(await h.error(deleteRole, { RoleName: 'other' })).toEqual({
      code: 'DeleteConflict',
      message: 'Cannot delete entity, must delete policies first.',
    });
    await h.call(deleteRolePolicy, { RoleName: 'other', PolicyName: 'inline' });
    await h.call(createPolicy, { PolicyName: 'boundary', PolicyDocument: identity() });
    const boundary = `arn:aws:iam::${ACCOUNT}:policy/boundary`;
    await h.call(putRolePermissionsBoundary, { RoleName: 'other', PermissionsBoundary: boundary });
    expect(
      (await h.call(getRole, { RoleName: 'other' })).Role.PermissionsBoundary?.PermissionsBoundaryArn,
    ).toBe(boundary);
    const users = await h.call(listEntitiesForPolicy, {
      PolicyArn: boundary,
      PolicyUsageFilter: 'PermissionsBoundary',
    });
    expect(users.PolicyRoles.map((r) => r.RoleName)).toEqual(['other']);
    await h.call(deleteRolePermissionsBoundary, { RoleName: 'other' });
    expect((await h.call(getRole, { RoleName: 'other' })).Role).not.toHaveProperty('PermissionsBoundary');
    expect(
      (await h.error(putUserPermissionsBoundary, { UserName: 'ghost', PermissionsBoundary: boundary })).code,
    ).toBe('NoSuchEntity');
    await h.call(deleteRole, { RoleName: 'other' });
  });
});

describe('inline policies', () => {
  it('aggregate size per user is 2,048 without white space; names are exact', async () => {
    await h.call(createUser, { UserName: 'inl' });
    const half = identity(`arn:aws:s3:::${'a'.repeat(900)}`);
    await h.call(putUserPolicy, { UserName: 'inl', PolicyName: 'one', PolicyDocument: half });
    await h.call(putUserPolicy, { UserName: 'inl', PolicyName: 'one', PolicyDocument: half }); // replace, not add
    await h.call(putUserPolicy, {
      UserName: 'inl',
      PolicyName: 'two',
      PolicyDocument: JSON.stringify(JSON.parse(half), null, 8),
    });
    expect(
      await h.error(putUserPolicy, { UserName: 'inl', PolicyName: 'three', PolicyDocument: identity() }),
    ).toEqual({
      code: 'LimitExceeded',
      message: 'Maximum policy size of 2048 bytes exceeded for user inl',
    });
    expect((await h.call(listUserPolicies, { UserName: 'inl', MaxItems: 1 })).PolicyNames).toEqual(['one']);
    expect(await h.error(getUserPolicy, { UserName: 'inl', PolicyName: 'ONE' })).toEqual({
      code: 'NoSuchEntity',
      message: 'The user policy with name ONE cannot be found.',
    });
    expect(await h.error(deleteUser, { UserName: 'inl' })).toEqual({
      code: 'DeleteConflict',
      message: 'Cannot delete entity, must delete policies first.',
    });
  });

  it.each([
    ['a missing group', { GroupName: 'ghost', PolicyName: 'p', PolicyDocument: identity() }, 'NoSuchEntity'],
    [
      'a trust policy',
      { GroupName: 'inl-g', PolicyName: 'p', PolicyDocument: trust() },
      'MalformedPolicyDocument',
    ],
  ])('PutGroupPolicy with %s', async (_what, input, code) => {
    await h.call(createGroup, { GroupName: 'inl-g' }).catch(() => undefined);
    expect((await h.error(putGroupPolicy, input)).code).toBe(code);
  });

  it('DeleteGroupPolicy of a missing policy', async () => {
    expect(await h.error(deleteGroupPolicy, { GroupName: 'inl-g', PolicyName: 'none' })).toEqual({
      code: 'NoSuchEntity',
      message: 'The group policy with name none cannot be found.',
    });
  });
});

describe('tags', () => {
  it('user tag keys are case-insensitive (a re-tag replaces), 50 at most across calls', async () => {
    await h.call(createUser, { UserName: 'tagged', Tags: [{ Key: 'Env', Value: 'dev' }] });
    await h.call(tagUser, { UserName: 'tagged', Tags: [{ Key: 'env', Value: 'prod' }] });
    const tags = await h.call(listUserTags, { UserName: 'tagged' });
    expect(tags.Tags).toHaveLength(1);
    expect(tags.Tags[0]?.Value).toBe('prod');
    const many = Array.from({ length: 49 }, (_, i) => ({
      Key: `k${String(i).padStart(2, '0')}`,
      Value: 'v',
    }));
    await h.call(tagUser, { UserName: 'tagged', Tags: many });
    expect(await h.error(tagUser, { UserName: 'tagged', Tags: [{ Key: 'one-more', Value: 'v' }] })).toEqual({
      code: 'LimitExceeded',
      message: 'Cannot exceed quota for TagsPerEntity: 50',
    });
    const page = await h.call(listUserTags, { UserName: 'tagged', MaxItems: 30 });
    const rest = await h.call(listUserTags, { UserName: 'tagged', Marker: page.Marker as string });
    expect(page.Tags.length + rest.Tags.length).toBe(50);
  });

  it('role and policy tags; untag ignores absent keys', async () => {
    await h.call(createRole, { RoleName: 'tagrole', AssumeRolePolicyDocument: trust() });
    await h.call(tagRole, {
      RoleName: 'tagrole',
      Tags: [
        { Key: 'a', Value: '1' },
        { Key: 'b', Value: '2' },
      ],
    });
    await h.call(untagRole, { RoleName: 'tagrole', TagKeys: ['A', 'zzz'] });
    expect((await h.call(listRoleTags, { RoleName: 'tagrole' })).Tags).toEqual([{ Key: 'b', Value: '2' }]);
    await h.call(createPolicy, { PolicyName: 'tagpol', PolicyDocument: identity() });
    const arn = `arn:aws:iam::${ACCOUNT}:policy/tagpol`;
    // Policy tag keys are case-sensitive: two keys.
    await h.call(tagPolicy, {
      PolicyArn: arn,
      Tags: [
        { Key: 'k', Value: '1' },
        { Key: 'K', Value: '2' },
      ],
    });
    expect((await h.call(listPolicyTags, { PolicyArn: arn })).Tags).toHaveLength(2);
    expect(await h.error(tagRole, { RoleName: 'ghost', Tags: [] })).toEqual({
      code: 'NoSuchEntity',
      message: 'The role with name ghost cannot be found.',
    });
  });
});

describe('account', () => {
  it('alias create, list, delete; a 12-digit alias is refused', async () => {
    await h.call(createAccountAlias, { AccountAlias: 'my-corp' });
    expect(await h.call(listAccountAliases, {})).toEqual({ AccountAliases: ['my-corp'], IsTruncated: false });
    expect((await h.error(createAccountAlias, { AccountAlias: '123456789012' })).code).toBe(
      'ValidationError',
    );
    expect(await h.error(deleteAccountAlias, { AccountAlias: 'other' })).toEqual({
      code: 'NoSuchEntity',
      message: 'The account alias other cannot be found.',
    });
    await h.call(deleteAccountAlias, { AccountAlias: 'my-corp' });
    expect((await h.call(listAccountAliases, {})).AccountAliases).toEqual([]);
  });

  it('GetAccountSummary has every model key with counts and quotas', async () => {
    const { SummaryMap } = await h.call(getAccountSummary, {});
    expect(Object.keys(SummaryMap).sort()).toEqual(
      [
        'Users',
        'UsersQuota',
        'Groups',
        'GroupsQuota',
        'ServerCertificates',
        'ServerCertificatesQuota',
        'UserPolicySizeQuota',
        'GroupPolicySizeQuota',
        'GroupsPerUserQuota',
        'SigningCertificatesPerUserQuota',
        'AccessKeysPerUserQuota',
        'MFADevices',
        'MFADevicesInUse',
        'AccountMFAEnabled',
        'AccountAccessKeysPresent',
        'AccountPasswordPresent',
        'AccountSigningCertificatesPresent',
        'AttachedPoliciesPerGroupQuota',
        'AttachedPoliciesPerRoleQuota',
        'AttachedPoliciesPerUserQuota',
        'Policies',
        'PoliciesQuota',
        'PolicySizeQuota',
        'PolicyVersionsInUse',
        'PolicyVersionsInUseQuota',
        'VersionsPerPolicyQuota',
        'GlobalEndpointTokenVersion',
        'AssumeRolePolicySizeQuota',
        'InstanceProfiles',
        'InstanceProfilesQuota',
        'Providers',
        'RolePolicySizeQuota',
        'Roles',
        'RolesQuota',
      ].sort(),
    );
    expect(SummaryMap).toMatchObject({
      UsersQuota: 5000,
      PolicySizeQuota: 6144,
      AssumeRolePolicySizeQuota: 2048,
      Roles: 2,
    });
    expect(SummaryMap.Users).toBeGreaterThan(0);
  });
});
