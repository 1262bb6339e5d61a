import { describe, expect, it } from 'vitest';
import { addUserToGroup } from '../../../src/services/iam/group-membership.js';
import { createGroup } from '../../../src/services/iam/groups.js';
import { createUser, deleteUser, getUser, listUsers, updateUser } from '../../../src/services/iam/users.js';
import { ACCOUNT, useHarness } from './context.js';

const h = useHarness();

describe('users', () => {
  it('CreateUser returns the model shape with an AIDA id, path ARN and tags', async () => {
    const out = await h.call(createUser, {
      UserName: 'alice',
      Path: '/eng/',
      Tags: [{ Key: 'dept', Value: 'x' }],
    });
    expect(out.User).toMatchObject({
      Path: '/eng/',
      UserName: 'alice',
      Arn: `arn:aws:iam::${ACCOUNT}:user/eng/alice`,
      Tags: [{ Key: 'dept', Value: 'x' }],
    });
    expect(out.User.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(out.User.CreateDate).toBeInstanceOf(Date);
    expect(out.User).not.toHaveProperty('PermissionsBoundary');
  });

  it('names are unique without regard to case, and lookups return the stored spelling', async () => {
    expect(await h.error(createUser, { UserName: 'ALICE' })).toEqual({
      code: 'EntityAlreadyExists',
      message: 'User with name ALICE already exists.',
    });
    const out = await h.call(getUser, { UserName: 'Alice' });
    expect(out.User.UserName).toBe('alice');
    expect(out.User.Tags).toEqual([{ Key: 'dept', Value: 'x' }]);
  });

  it.each([
    [getUser, { UserName: 'nobody' }],
    [updateUser, { UserName: 'nobody', NewPath: '/x/' }],
    [deleteUser, { UserName: 'nobody' }],
  ] as const)('%s on a missing user is NoSuchEntity with AWS wording', async (op, input) => {
    expect(await h.error(op as typeof getUser, input)).toEqual({
      code: 'NoSuchEntity',
      message: 'The user with name nobody cannot be found.',
    });
  });

  it('GetUser without a name: the caller, the root user, or a ValidationError for sessions', async () => {
    const root = await h.call(getUser, {});
    expect(root.User).toEqual({
      UserId: ACCOUNT,
      Arn: `arn:aws:iam::${ACCOUNT}:root`,
      CreateDate: new Date('2025-01-01T00:00:00Z'),
    });
    const self = await h.call(
      getUser,
      {},
      {
        caller: {
          accountId: ACCOUNT,
          principal: { type: 'user', arn: `arn:aws:iam::${ACCOUNT}:user/eng/alice`, account: ACCOUNT },
          principalId: 'AIDAEXAMPLE',
          userName: 'alice',
        },
      },
    );
    expect(self.User.UserName).toBe('alice');
    await expect(
      h.call(
        getUser,
        {},
        {
          caller: {
            accountId: ACCOUNT,
            principal: {
              type: 'assumedRole',
              arn: `arn:aws:sts::${ACCOUNT}:assumed-role/R/s`,
              account: ACCOUNT,
            },
            principalId: 'AROAEXAMPLE:s',
          },
        },
      ),
    ).rejects.toMatchObject({
      code: 'ValidationError',
      message: 'Must specify userName when calling with non-User credentials',
    });
  });

  it('UpdateUser renames and moves; a clash is EntityAlreadyExists', async () => {
    await h.call(createUser, { UserName: 'bob' });
    await h.call(updateUser, { UserName: 'bob', NewUserName: 'robert', NewPath: '/ops/' });
    const out = await h.call(getUser, { UserName: 'robert' });
    expect(out.User.Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/ops/robert`);
    expect((await h.error(updateUser, { UserName: 'robert', NewUserName: 'Alice' })).code).toBe(
      'EntityAlreadyExists',
    );
  });

  it('CreateUser validates tags: aws: prefix, duplicate keys (case-insensitive), 50 at most', async () => {
    expect((await h.error(createUser, { UserName: 't1', Tags: [{ Key: 'aws:x', Value: '' }] })).code).toBe(
      'InvalidInput',
    );
    expect(
      await h.error(createUser, {
        UserName: 't1',
        Tags: [
          { Key: 'Dept', Value: 'a' },
          { Key: 'dept', Value: 'b' },
        ],
      }),
    ).toEqual({
      code: 'InvalidInput',
      message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    });
    const many = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect(await h.error(createUser, { UserName: 't1', Tags: many })).toEqual({
      code: 'LimitExceeded',
      message: 'Cannot exceed quota for TagsPerEntity: 50',
    });
  });

  it('CreateUser with a permissions boundary checks that the policy exists', async () => {
    expect(
      await h.error(createUser, {
        UserName: 'pb',
        PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/missing`,
      }),
    ).toEqual({
      code: 'NoSuchEntity',
      message: `Scope ARN: arn:aws:iam::${ACCOUNT}:policy/missing does not exist or is not attachable.`,
    });
    const out = await h.call(createUser, {
      UserName: 'pb',
      PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    });
    expect(out.User.PermissionsBoundary).toEqual({
      PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
      PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    });
  });

  it('ListUsers filters by PathPrefix and pages with Marker/IsTruncated', async () => {
    for (const n of ['p1', 'p2', 'p3']) await h.call(createUser, { UserName: n, Path: '/pager/' });
    const first = await h.call(listUsers, { PathPrefix: '/pager/', MaxItems: 2 });
    expect(first.Users.map((u) => u.UserName)).toEqual(['p1', 'p2']);
    expect(first.IsTruncated).toBe(true);
    const second = await h.call(listUsers, {
      PathPrefix: '/pager/',
      MaxItems: 2,
      Marker: first.Marker as string,
    });
    expect(second.Users.map((u) => u.UserName)).toEqual(['p3']);
    expect(second).toMatchObject({ IsTruncated: false });
    expect(second).not.toHaveProperty('Marker');
    // ListUsers omits tags and boundaries, as AWS does.
    const all = await h.call(listUsers, {});
    expect(all.Users.find((u) => u.UserName === 'alice')).not.toHaveProperty('Tags');
    expect((await h.error(listUsers, { Marker: 'forged' })).code).toBe('InvalidInput');
  });

  it('DeleteUser refuses while the user has policies or groups (DeleteConflict), then deletes', async () => {
    await h.call(createUser, { UserName: 'del' });
    await h.call(createGroup, { GroupName: 'del-group' });
    await h.call(addUserToGroup, { GroupName: 'del-group', UserName: 'del' });
    expect(await h.error(deleteUser, { UserName: 'del' })).toEqual({
      code: 'DeleteConflict',
      message: 'Cannot delete entity, must remove users from group first.',
    });
  });
});
