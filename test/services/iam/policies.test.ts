import { describe, expect, it } from 'vitest';
import { createGroup } from '../../../src/services/iam/groups.js';
import {
  createPolicy,
  deletePolicy,
  getPolicy,
  listPolicies,
} from '../../../src/services/iam/managed-policies.js';
import {
  attachGroupPolicy,
  attachUserPolicy,
  detachGroupPolicy,
  detachUserPolicy,
  listAttachedUserPolicies,
} from '../../../src/services/iam/policy-attachments.js';
import { listEntitiesForPolicy } from '../../../src/services/iam/policy-entities.js';
import {
  createPolicyVersion,
  deletePolicyVersion,
  getPolicyVersion,
  listPolicyVersions,
  setDefaultPolicyVersion,
} from '../../../src/services/iam/policy-versions.js';
import { createUser, deleteUser } from '../../../src/services/iam/users.js';
import { ACCOUNT, useHarness } from './context.js';

const h = useHarness();

const doc = (action = 's3:GetObject', extra = '') =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: action, Resource: extra ? `arn:aws:s3:::${extra}` : '*' }],
  });
const arn = (name: string, path = '/') => `arn:aws:iam::${ACCOUNT}:policy${path}${name}`;

describe('managed policies', () => {
  it('CreatePolicy returns an ANPA id, v1 default, and the path ARN', async () => {
    const out = await h.call(createPolicy, {
      PolicyName: 'read',
      Path: '/team/',
      PolicyDocument: doc(),
      Description: 'reads',
      Tags: [{ Key: 'k', Value: 'v' }],
    });
    expect(out.Policy).toMatchObject({
      PolicyName: 'read',
      Arn: arn('read', '/team/'),
      Path: '/team/',
      DefaultVersionId: 'v1',
      AttachmentCount: 0,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      Description: 'reads',
      Tags: [{ Key: 'k', Value: 'v' }],
    });
    expect(out.Policy.PolicyId).toMatch(/^ANPA/);
    const got = await h.call(getPolicy, { PolicyArn: arn('read', '/team/') });
    expect(got.Policy.Description).toBe('reads');
  });

  it.each([
    ['not JSON', '{', 'MalformedPolicyDocument', 'Syntax errors in policy.'],
    [
      '2008 version',
      JSON.stringify({
        Version: '2008-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
      }),
      'MalformedPolicyDocument',
      'Policy document must be version 2012-10-17 or greater.',
    ],
    [
      'over 6,144 characters',
      doc('s3:GetObject', 'x'.repeat(6200)),
      'LimitExceeded',
      'Cannot exceed quota for PolicySize: 6144',
    ],
  ])('CreatePolicy refuses a document that is %s', async (_what, document, code, message) => {
    expect(await h.error(createPolicy, { PolicyName: 'bad', PolicyDocument: document })).toEqual({
      code,
      message,
    });
  });

  it('white space does not count toward the 6,144 quota', async () => {
    const padded = JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'x'.repeat(5900)}` },
        ],
      },
      null,
      200,
    );
    expect(padded.length).toBeGreaterThan(6144);
    await h.call(createPolicy, { PolicyName: 'padded', PolicyDocument: padded });
  });

  it('names clash case-insensitively; a missing ARN is NoSuchEntity; a bad ARN InvalidInput', async () => {
    expect((await h.error(createPolicy, { PolicyName: 'READ', PolicyDocument: doc() })).code).toBe(
      'EntityAlreadyExists',
    );
    expect(await h.error(getPolicy, { PolicyArn: arn('nope') })).toEqual({
      code: 'NoSuchEntity',
      message: `Policy ${arn('nope')} was not found.`,
    });
    expect((await h.error(getPolicy, { PolicyArn: 'not-an-arn' })).code).toBe('InvalidInput');
  });

  it('GetPolicy answers AWS-managed policies with this account usage', async () => {
    const out = await h.call(getPolicy, { PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    expect(out.Policy).toMatchObject({
      PolicyName: 'ReadOnlyAccess',
      DefaultVersionId: 'v2',
      AttachmentCount: 0,
    });
    expect(out.Policy.PolicyId).toMatch(/^ANPA/);
  });

  it('policy versions: create up to 5, set default, refuse deleting the default, list newest first', async () => {
    await h.call(createPolicy, { PolicyName: 'versioned', PolicyDocument: doc() });
    const a = arn('versioned');
    for (const n of [2, 3, 4, 5]) {
      const out = await h.call(createPolicyVersion, {
        PolicyArn: a,
        PolicyDocument: doc(`s3:Get${n}`),
        SetAsDefault: n === 3,
      });
      expect(out.PolicyVersion).toMatchObject({ VersionId: `v${n}`, IsDefaultVersion: n === 3 });
      expect(out.PolicyVersion).not.toHaveProperty('Document');
    }
    expect(await h.error(createPolicyVersion, { PolicyArn: a, PolicyDocument: doc() })).toEqual({
      code: 'LimitExceeded',
      message:
        'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    });
    expect((await h.call(getPolicy, { PolicyArn: a })).Policy.DefaultVersionId).toBe('v3');
    const v3 = await h.call(getPolicyVersion, { PolicyArn: a, VersionId: 'v3' });
    expect(v3.PolicyVersion).toMatchObject({
      VersionId: 'v3',
      IsDefaultVersion: true,
      Document: doc('s3:Get3'),
    });
    expect(await h.error(deletePolicyVersion, { PolicyArn: a, VersionId: 'v3' })).toEqual({
      code: 'DeleteConflict',
      message: 'Cannot delete the default version of a policy.',
    });
    expect(await h.error(deletePolicy, { PolicyArn: a })).toEqual({
      code: 'DeleteConflict',
      message:
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    });
    await h.call(deletePolicyVersion, { PolicyArn: a, VersionId: 'v1' });
    const page1 = await h.call(listPolicyVersions, { PolicyArn: a, MaxItems: 3 });
    expect(page1.Versions.map((v) => v.VersionId)).toEqual(['v5', 'v4', 'v3']);
    expect(page1.IsTruncated).toBe(true);
    const page2 = await h.call(listPolicyVersions, { PolicyArn: a, Marker: page1.Marker as string });
    expect(page2.Versions.map((v) => v.VersionId)).toEqual(['v2']);
    // numbers are never reused
    expect(
      (await h.call(createPolicyVersion, { PolicyArn: a, PolicyDocument: doc() })).PolicyVersion.VersionId,
    ).toBe('v6');
    await h.call(setDefaultPolicyVersion, { PolicyArn: a, VersionId: 'v6' });
    expect(await h.error(setDefaultPolicyVersion, { PolicyArn: a, VersionId: 'v1' })).toEqual({
      code: 'NoSuchEntity',
      message: `Policy ${a} version v1 does not exist or is not attachable.`,
    });
    expect((await h.error(getPolicyVersion, { PolicyArn: a, VersionId: 'x1' })).code).toBe('InvalidInput');
    for (const v of ['v2', 'v3', 'v4', 'v5'])
      await h.call(deletePolicyVersion, { PolicyArn: a, VersionId: v });
    await h.call(deletePolicy, { PolicyArn: a });
    expect((await h.error(getPolicy, { PolicyArn: a })).code).toBe('NoSuchEntity');
  });

  it('AWS-managed versions are readable', async () => {
    const list = await h.call(listPolicyVersions, { PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    expect(list.Versions.map((v) => [v.VersionId, v.IsDefaultVersion])).toEqual([
      ['v2', true],
      ['v1', false],
    ]);
    const v = await h.call(getPolicyVersion, {
      PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      VersionId: 'v1',
    });
    expect(JSON.parse(v.PolicyVersion.Document as string).Statement[0].Action).toBe('s3:Get*');
  });
});

describe('attachments', () => {
  it('attach customer and AWS-managed policies; list; entities; DeleteConflict on both sides', async () => {
    await h.call(createUser, { UserName: 'att' });
    await h.call(createGroup, { GroupName: 'att-group' });
    await h.call(createPolicy, { PolicyName: 'attachable', PolicyDocument: doc() });
    await h.call(attachUserPolicy, { UserName: 'att', PolicyArn: arn('attachable') });
    await h.call(attachUserPolicy, { UserName: 'ATT', PolicyArn: arn('attachable') }); // idempotent
    await h.call(attachUserPolicy, {
      UserName: 'att',
      PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    });
    await h.call(attachGroupPolicy, { GroupName: 'att-group', PolicyArn: arn('attachable') });

    const listed = await h.call(listAttachedUserPolicies, { UserName: 'att' });
    expect(listed.AttachedPolicies).toEqual([
      { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      { PolicyName: 'attachable', PolicyArn: arn('attachable') },
    ]);
    expect((await h.call(getPolicy, { PolicyArn: arn('attachable') })).Policy.AttachmentCount).toBe(2);
    expect(
      (await h.call(getPolicy, { PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })).Policy
        .AttachmentCount,
    ).toBe(1);

    const entities = await h.call(listEntitiesForPolicy, { PolicyArn: arn('attachable') });
    expect(entities).toMatchObject({
      PolicyGroups: [{ GroupName: 'att-group' }],
      PolicyUsers: [{ UserName: 'att' }],
      PolicyRoles: [],
      IsTruncated: false,
    });
    const usersOnly = await h.call(listEntitiesForPolicy, {
      PolicyArn: arn('attachable'),
      EntityFilter: 'User',
    });
    expect(usersOnly.PolicyGroups).toEqual([]);

    expect(await h.error(deletePolicy, { PolicyArn: arn('attachable') })).toEqual({
      code: 'DeleteConflict',
      message: 'Cannot delete a policy attached to entities.',
    });
    expect(await h.error(deleteUser, { UserName: 'att' })).toEqual({
      code: 'DeleteConflict',
      message: 'Cannot delete entity, must detach all policies first.',
    });

    await h.call(detachUserPolicy, { UserName: 'att', PolicyArn: arn('attachable') });
    expect(await h.error(detachUserPolicy, { UserName: 'att', PolicyArn: arn('attachable') })).toEqual({
      code: 'NoSuchEntity',
      message: `Policy ${arn('attachable')} was not found.`,
    });
    await h.call(detachUserPolicy, {
      UserName: 'att',
      PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    });
    await h.call(detachGroupPolicy, { GroupName: 'att-group', PolicyArn: arn('attachable') });
    await h.call(deleteUser, { UserName: 'att' });
    await h.call(deletePolicy, { PolicyArn: arn('attachable') });
  });

  it.each([
    [
      'a missing user',
      { UserName: 'ghost', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      'NoSuchEntity',
      'The user with name ghost cannot be found.',
    ],
    [
      'a missing policy',
      { UserName: 'quota', PolicyArn: arn('missing') },
      'NoSuchEntity',
      `Policy ${arn('missing')} does not exist or is not attachable.`,
    ],
    [
      'a missing AWS policy',
      { UserName: 'quota', PolicyArn: 'arn:aws:iam::aws:policy/Nope' },
      'NoSuchEntity',
      'Policy arn:aws:iam::aws:policy/Nope does not exist or is not attachable.',
    ],
    [
      'a service-role policy',
      { UserName: 'quota', PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AWSServiceRoleForTest' },
      'PolicyNotAttachable',
      'Cannot attach a Service Role Policy to a Customer User.',
    ],
    [
      'a malformed ARN',
      { UserName: 'quota', PolicyArn: 'arn:aws:s3:::bucket' },
      'InvalidInput',
      'ARN arn:aws:s3:::bucket is not valid.',
    ],
  ])('AttachUserPolicy with %s', async (_what, input, code, message) => {
    await h.call(createUser, { UserName: 'quota' }).catch(() => undefined);
    expect(await h.error(attachUserPolicy, input)).toEqual({ code, message });
  });

  it('10 managed policies per user, then LimitExceeded; listing pages', async () => {
    await h.call(createUser, { UserName: 'ten' });
    for (let i = 0; i < 11; i++)
      await h.call(createPolicy, { PolicyName: `q${String(i).padStart(2, '0')}`, PolicyDocument: doc() });
    for (let i = 0; i < 10; i++)
      await h.call(attachUserPolicy, { UserName: 'ten', PolicyArn: arn(`q${String(i).padStart(2, '0')}`) });
    expect(await h.error(attachUserPolicy, { UserName: 'ten', PolicyArn: arn('q10') })).toEqual({
      code: 'LimitExceeded',
      message: 'Cannot exceed quota for PoliciesPerUser: 10',
    });
    const first = await h.call(listAttachedUserPolicies, { UserName: 'ten', MaxItems: 6 });
    const second = await h.call(listAttachedUserPolicies, {
      UserName: 'ten',
      MaxItems: 6,
      Marker: first.Marker as string,
    });
    expect([...first.AttachedPolicies, ...second.AttachedPolicies].map((p) => p.PolicyName)).toHaveLength(10);
    expect(second.IsTruncated).toBe(false);
  });

  it('ListPolicies: scopes, OnlyAttached, PathPrefix and paging across AWS and local policies', async () => {
    const local = await h.call(listPolicies, { Scope: 'Local', PathPrefix: '/team/' });
    expect(local.Policies.map((p) => p.PolicyName)).toEqual(['read']);
    expect(local.Policies[0]).not.toHaveProperty('Description');
    const aws = await h.call(listPolicies, { Scope: 'AWS' });
    expect(aws.Policies.map((p) => p.PolicyName)).toEqual([
      'AdministratorAccess',
      'AWSServiceRoleForTest',
      'ReadOnlyAccess',
    ]);
    const attached = await h.call(listPolicies, { OnlyAttached: true });
    expect(attached.Policies.map((p) => p.PolicyName)).toEqual([
      'q00',
      'q01',
      'q02',
      'q03',
      'q04',
      'q05',
      'q06',
      'q07',
      'q08',
      'q09',
    ]);
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const page = await h.call(listPolicies, {
        Scope: 'All',
        MaxItems: 4,
        ...(marker && { Marker: marker }),
      });
      names.push(...page.Policies.map((p) => p.PolicyName));
      marker = page.Marker;
    } while (marker);
    expect(names).toContain('AdministratorAccess');
    expect(names).toContain('q10');
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('DeletePolicy and permissions boundaries', () => {
  it('refuses to delete a policy that is still a permissions boundary, and deletes it once released', async () => {
    const { createPolicy, deletePolicy: del } = await import('../../../src/services/iam/managed-policies.js');
    const { putUserPermissionsBoundary, deleteUserPermissionsBoundary } = await import(
      '../../../src/services/iam/permissions-boundaries.js'
    );
    await h.call(createUser, { UserName: 'bounded' });
    await h.call(createPolicy, { PolicyName: 'fence', PolicyDocument: doc() });
    await h.call(putUserPermissionsBoundary, { UserName: 'bounded', PermissionsBoundary: arn('fence') });
    expect(await h.error(del, { PolicyArn: arn('fence') })).toEqual({
      code: 'DeleteConflict',
      message: 'Cannot delete a policy attached to entities.',
    });
    await h.call(deleteUserPermissionsBoundary, { UserName: 'bounded' });
    await h.call(del, { PolicyArn: arn('fence') });
  });
});
