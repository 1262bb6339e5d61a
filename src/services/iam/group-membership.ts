import { AwsError } from '../../core/aws-error.js';
import { QUOTAS } from '../../domain/quotas.js';
import { entityArn, iamOperation } from './define.js';
import { limitExceeded, noSuchGroup, noSuchUser } from './errors.js';
import { type PageInput, type PageOutput, pageOf, pageOutput } from './pagination.js';
import { type GroupShape, groupShape } from './shapes.js';

export const listGroupsForUser = iamOperation<
  { UserName: string } & PageInput,
  { Groups: GroupShape[] } & PageOutput
>({
  name: 'ListGroupsForUser',
  readOnly: true,
  resource: (input, scope) => entityArn(scope, 'user', input.UserName),
  handler: async (input, ctx) => {
    const groups = await ctx.tx.groups.listForUser(ctx.accountId, input.UserName);
    if (!groups) throw noSuchUser(input.UserName);
    const page = pageOf(
      groups,
      (g) => g.name.toLowerCase(),
      `groups-for-user|${input.UserName.toLowerCase()}`,
      input,
    );
    return { Groups: page.items.map(groupShape), ...pageOutput(page) };
  },
});

export const addUserToGroup = iamOperation<{ GroupName: string; UserName: string }, undefined>({
  name: 'AddUserToGroup',
  readOnly: false,
  resource: (input, scope) => entityArn(scope, 'group', input.GroupName),
  handler: async (input, ctx) => {
    const group = await ctx.tx.groups.get(ctx.accountId, input.GroupName);
    if (!group) throw noSuchGroup(input.GroupName);
    const groups = await ctx.tx.groups.listForUser(ctx.accountId, input.UserName);
    if (!groups) throw noSuchUser(input.UserName);
    if (groups.some((g) => g.id === group.id)) return undefined;
    if (groups.length >= QUOTAS.groupsPerUser.limit) throw limitExceeded('groupsPerUser');
    await ctx.tx.groups.addMember(ctx.accountId, group.name, input.UserName);
    return undefined;
  },
});

export const removeUserFromGroup = iamOperation<{ GroupName: string; UserName: string }, undefined>({
  name: 'RemoveUserFromGroup',
  readOnly: false,
  resource: (input, scope) => entityArn(scope, 'group', input.GroupName),
  handler: async (input, ctx) => {
    if (await ctx.tx.groups.removeMember(ctx.accountId, input.GroupName, input.UserName)) return undefined;
    if (!(await ctx.tx.groups.get(ctx.accountId, input.GroupName))) throw noSuchGroup(input.GroupName);
    if (!(await ctx.tx.users.get(ctx.accountId, input.UserName))) throw noSuchUser(input.UserName);
    throw new AwsError('NoSuchEntity', `User ${input.UserName} is not in group ${input.GroupName}.`);
  },
});
