import { entityArn, iamOperation } from './define.js';
import { noSuchRole, noSuchUser } from './errors.js';
import { checkBoundary } from './policy-lookup.js';

export const putUserPermissionsBoundary = iamOperation<
  { UserName: string; PermissionsBoundary: string },
  undefined
>({
  name: 'PutUserPermissionsBoundary',
  readOnly: false,
  resource: (input, scope) => entityArn(scope, 'user', input.UserName),
  requestKeys: (input) => ({ 'iam:PermissionsBoundary': input.PermissionsBoundary }),
  handler: async (input, ctx) => {
    if (!(await ctx.tx.users.get(ctx.accountId, input.UserName))) throw noSuchUser(input.UserName);
    await checkBoundary(ctx, input.PermissionsBoundary);
    await ctx.tx.users.setPermissionsBoundary(ctx.accountId, input.UserName, input.PermissionsBoundary);
    return undefined;
  },
});

/** Removing a boundary the user does not have succeeds, as on AWS. */
export const deleteUserPermissionsBoundary = iamOperation<{ UserName: string }, undefined>({
  name: 'DeleteUserPermissionsBoundary',
  readOnly: false,
  resource: (input, scope) => entityArn(scope, 'user', input.UserName),
  handler: async (input, ctx) => {
    if (!(await ctx.tx.users.setPermissionsBoundary(ctx.accountId, input.UserName, undefined))) {
      throw noSuchUser(input.UserName);
    }
    return undefined;
  },
});

export const putRolePermissionsBoundary = iamOperation<
  { RoleName: string; PermissionsBoundary: string },
  undefined
>({
  name: 'PutRolePermissionsBoundary',
  readOnly: false,
  resource: (input, scope) => entityArn(scope, 'role', input.RoleName),
  requestKeys: (input) => ({ 'iam:PermissionsBoundary': input.PermissionsBoundary }),
  handler: async (input, ctx) => {
    if (!(await ctx.tx.roles.get(ctx.accountId, input.RoleName))) throw noSuchRole(input.RoleName);
    await checkBoundary(ctx, input.PermissionsBoundary);
    await ctx.tx.roles.setPermissionsBoundary(ctx.accountId, input.RoleName, input.PermissionsBoundary);
    return undefined;
  },
});

export const deleteRolePermissionsBoundary = iamOperation<{ RoleName: string }, undefined>({
  name: 'DeleteRolePermissionsBoundary',
  readOnly: false,
  resource: (input, scope) => entityArn(scope, 'role', input.RoleName),
  handler: async (input, ctx) => {
    if (!(await ctx.tx.roles.setPermissionsBoundary(ctx.accountId, input.RoleName, undefined))) {
      throw noSuchRole(input.RoleName);
    }
    return undefined;
  },
});
