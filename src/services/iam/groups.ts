import { QUOTAS } from '../../domain/quotas.js';
import { newGroupId } from '../../domain/unique-id.js';
import { ANY_RESOURCE, entityArn, iamOperation } from './define.js';
import { CONFLICT, limitExceeded, noSuchGroup, throwFirstConflict } from './errors.js';
import { type PageInput, type PageOutput, pageOutput, pageRequest } from './pagination.js';
import { type GroupShape, groupShape, type UserShape, userShape } from './shapes.js';

export const createGroup = iamOperation<{ Path?: string; GroupName: string }, { Group: GroupShape }>({
  name: 'CreateGroup',
  readOnly: false,
  resource: (input, scope) => entityArn(scope, 'group', input.GroupName, input.Path),
  handler: async (input, ctx) => {
    if ((await ctx.tx.groups.count(ctx.accountId)) >= QUOTAS.groupsPerAccount.limit) {
      throw limitExceeded('groupsPerAccount');
    }
    const group = await ctx.tx.groups.create(ctx.accountId, {
      id: newGroupId(),
      name: input.GroupName,
      path: input.Path ?? '/',
      createDate: ctx.now,
    });
    return { Group: groupShape(group) };
  },
});

export const getGroup = iamOperation<
  { GroupName: string } & PageInput,
  { Group: GroupShape; Users: UserShape[] } & PageOutput
>({
  name: 'GetGroup',
  readOnly: true,
  resource: (input, scope) => entityArn(scope, 'group', input.GroupName),
  handler: async (input, ctx) => {
    const group = await ctx.tx.groups.get(ctx.accountId, input.GroupName);
    const page = group && (await ctx.tx.groups.listMembers(ctx.accountId, group.name, pageRequest(input)));
    if (!group || !page) throw noSuchGroup(input.GroupName);
    return { Group: groupShape(group), Users: page.items.map((u) => userShape(u)), ...pageOutput(page) };
  },
});

export const updateGroup = iamOperation<
  { GroupName: string; NewPath?: string; NewGroupName?: string },
  undefined
>({
  name: 'UpdateGroup',
  readOnly: false,
  resource: (input, scope) => entityArn(scope, 'group', input.GroupName),
  handler: async (input, ctx) => {
    const group = await ctx.tx.groups.update(ctx.accountId, input.GroupName, {
      ...(input.NewGroupName !== undefined && { newName: input.NewGroupName }),
      ...(input.NewPath !== undefined && { newPath: input.NewPath }),
    });
    if (!group) throw noSuchGroup(input.GroupName);
    return undefined;
  },
});

export const deleteGroup = iamOperation<{ GroupName: string }, undefined>({
  name: 'DeleteGroup',
  readOnly: false,
  resource: (input, scope) => entityArn(scope, 'group', input.GroupName),
  handler: async (input, ctx) => {
    const dependents = await ctx.tx.groups.dependents(ctx.accountId, input.GroupName);
    if (!dependents) throw noSuchGroup(input.GroupName);
    throwFirstConflict([
      [dependents.members > 0, CONFLICT.groupMembers],
      [dependents.inlinePolicies > 0, CONFLICT.inlinePolicies],
      [dependents.attachedPolicies > 0, CONFLICT.attachedPolicies],
    ]);
    await ctx.tx.groups.delete(ctx.accountId, input.GroupName);
    return undefined;
  },
});

export const listGroups = iamOperation<
  { PathPrefix?: string } & PageInput,
  { Groups: GroupShape[] } & PageOutput
>({
  name: 'ListGroups',
  readOnly: true,
  resource: ANY_RESOURCE,
  handler: async (input, ctx) => {
    const page = await ctx.tx.groups.list(ctx.accountId, {
      ...pageRequest(input),
      ...(input.PathPrefix !== undefined && { pathPrefix: input.PathPrefix }),
    });
    return { Groups: page.items.map(groupShape), ...pageOutput(page) };
  },
});
