import { describe, expect, it } from 'vitest';
import {
  addUserToGroup,
  listGroupsForUser,
  removeUserFromGroup,
} from '../../../src/services/iam/group-membership.js';
import {
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  updateGroup,
} from '../../../src/services/iam/groups.js';
import { createUser, deleteUser } from '../../../src/services/iam/users.js';
import { ACCOUNT, useHarness } from './context.js';

const h = useHarness();

describe('groups and membership', () => {
  it('CreateGroup returns an AGPA id and a path ARN; names clash case-insensitively', async () => {
    const out = await h.call(createGroup, { GroupName: 'Admins', Path: '/org/' });
    expect(out.Group).toMatchObject({
      GroupName: 'Admins',
      Path: '/org/',
      Arn: `arn:aws:iam::${ACCOUNT}:group/org/Admins`,
    });
    expect(out.Group.GroupId).toMatch(/^AGPA/);
    expect(await h.error(createGroup, { GroupName: 'ADMINS' })).toEqual({
      code: 'EntityAlreadyExists',
      message: 'Group with name ADMINS already exists.',
    });
  });

  it.each([
    [getGroup, { GroupName: 'nope' }],
    [updateGroup, { GroupName: 'nope', NewPath: '/a/' }],
    [deleteGroup, { GroupName: 'nope' }],
    [addUserToGroup, { GroupName: 'nope', UserName: 'x' }],
    [removeUserFromGroup, { GroupName: 'nope', UserName: 'x' }],
  ] as const)('%s on a missing group is NoSuchEntity', async (op, input) => {
    expect(await h.error(op as typeof getGroup, input as { GroupName: string })).toEqual({
      code: 'NoSuchEntity',
      message: 'The group with name nope cannot be found.',
    });
  });

  it('membership: add (idempotent), GetGroup users paged, ListGroupsForUser, remove', async () => {
    for (const u of ['m1', 'm2', 'm3']) {
      await h.call(createUser, { UserName: u });
      await h.call(addUserToGroup, { GroupName: 'admins', UserName: u });
    }
    await h.call(addUserToGroup, { GroupName: 'admins', UserName: 'M1' });
    const first = await h.call(getGroup, { GroupName: 'admins', MaxItems: 2 });
    expect(first.Group.GroupName).toBe('Admins');
    expect(first.Users.map((u) => u.UserName)).toEqual(['m1', 'm2']);
    expect(first.IsTruncated).toBe(true);
    const rest = await h.call(getGroup, { GroupName: 'admins', Marker: first.Marker as string });
    expect(rest.Users.map((u) => u.UserName)).toEqual(['m3']);
    expect(rest.IsTruncated).toBe(false);

    const groups = await h.call(listGroupsForUser, { UserName: 'm1' });
    expect(groups).toMatchObject({ Groups: [{ GroupName: 'Admins' }], IsTruncated: false });
    expect(await h.error(listGroupsForUser, { UserName: 'ghost' })).toEqual({
      code: 'NoSuchEntity',
      message: 'The user with name ghost cannot be found.',
    });
    expect((await h.error(addUserToGroup, { GroupName: 'admins', UserName: 'ghost' })).message).toBe(
      'The user with name ghost cannot be found.',
    );

    await h.call(removeUserFromGroup, { GroupName: 'admins', UserName: 'm1' });
    expect((await h.call(listGroupsForUser, { UserName: 'm1' })).Groups).toEqual([]);
    expect((await h.error(removeUserFromGroup, { GroupName: 'admins', UserName: 'm1' })).code).toBe(
      'NoSuchEntity',
    );
  });

  it('a user can be in 10 groups; the 11th is LimitExceeded; ListGroupsForUser pages', async () => {
    await h.call(createUser, { UserName: 'joiner' });
    for (let i = 0; i < 10; i++) {
      await h.call(createGroup, { GroupName: `g${String(i).padStart(2, '0')}` });
      await h.call(addUserToGroup, { GroupName: `g${String(i).padStart(2, '0')}`, UserName: 'joiner' });
    }
    await h.call(createGroup, { GroupName: 'g10' });
    expect(await h.error(addUserToGroup, { GroupName: 'g10', UserName: 'joiner' })).toEqual({
      code: 'LimitExceeded',
      message: 'Cannot exceed quota for GroupsPerUser: 10',
    });
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const page = await h.call(listGroupsForUser, {
        UserName: 'joiner',
        MaxItems: 3,
        ...(marker && { Marker: marker }),
      });
      seen.push(...page.Groups.map((g) => g.GroupName));
      marker = page.Marker;
      expect(page.IsTruncated).toBe(marker !== undefined);
    } while (marker);
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => `g${String(i).padStart(2, '0')}`));
  });

  it('DeleteGroup refuses while it has members, then deletes; DeleteUser works after removal', async () => {
    await h.call(createGroup, { GroupName: 'temp' });
    await h.call(createUser, { UserName: 'tempuser' });
    await h.call(addUserToGroup, { GroupName: 'temp', UserName: 'tempuser' });
    expect(await h.error(deleteGroup, { GroupName: 'temp' })).toEqual({
      code: 'DeleteConflict',
      message: 'Cannot delete entity, must remove users from group first.',
    });
    await h.call(removeUserFromGroup, { GroupName: 'temp', UserName: 'tempuser' });
    await h.call(deleteGroup, { GroupName: 'TEMP' });
    await h.call(deleteUser, { UserName: 'tempuser' });
    expect((await h.error(getGroup, { GroupName: 'temp' })).code).toBe('NoSuchEntity');
  });

  it('UpdateGroup renames; ListGroups filters by path', async () => {
    await h.call(createGroup, { GroupName: 'old', Path: '/x/' });
    await h.call(updateGroup, { GroupName: 'old', NewGroupName: 'new', NewPath: '/y/' });
    const out = await h.call(listGroups, { PathPrefix: '/y/' });
    expect(out.Groups.map((g) => [g.GroupName, g.Arn])).toEqual([
      ['new', `arn:aws:iam::${ACCOUNT}:group/y/new`],
    ]);
  });
});
