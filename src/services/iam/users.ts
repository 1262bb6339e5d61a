import { AwsError } from '../../core/aws-error.js';
import { iamArn } from '../../core/arn.js';
import { QUOTAS } from '../../domain/quotas.js';
import { newUserId } from '../../domain/unique-id.js';
import { ANY_RESOURCE, entityArn, iamOperation } from './define.js';
import { CONFLICT, limitExceeded, noSuchUser, throwFirstConflict } from './errors.js';
import { type PageInput, type PageOutput, pageOutput, pageRequest } from './pagination.js';
import { checkBoundary } from './policy-lookup.js';
import { type UserShape, userShape } from './shapes.js';
import { checkTags, fromTagShapes, type TagShape, tagRequestKeys } from './tags.js';

export const createUser = iamOperation<
  { Path?: string; UserName: string; PermissionsBoundary?: string; Tags?: TagShape[] },
  { User: UserShape }
>({
  name: 'CreateUser',
  readOnly: false,
  resource: (input, scope) => entityArn(scope, 'user', input.UserName, input.Path),
  requestKeys: (input) => ({
    ...tagRequestKeys(input.Tags),
    ...(input.PermissionsBoundary !== undefined && { 'iam:PermissionsBoundary': input.PermissionsBoundary }),
  }),
  handler: async (input, ctx) => {
    const tags = input.Tags ?? [];
    checkTags('user', tags);
    if (input.PermissionsBoundary !== undefined) await checkBoundary(ctx, input.PermissionsBoundary);
    if ((await ctx.tx.users.count(ctx.accountId)) >= QUOTAS.usersPerAccount.limit)
      throw limitExceeded('usersPerAccount');
    const user = await ctx.tx.users.create(ctx.accountId, {
      id: newUserId(),
      name: input.UserName,
      path: input.Path ?? '/',
      createDate: ctx.now,
      ...(input.PermissionsBoundary !== undefined && { permissionsBoundaryArn: input.PermissionsBoundary }),
    });
    if (tags.length > 0) await ctx.tx.tags.put(ctx.accountId, 'user', user.id, fromTagShapes(tags));
    return { User: userShape(user, { tags: await ctx.tx.tags.list(ctx.accountId, 'user', user.id) }) };
  },
});

export const getUser = iamOperation<{ UserName?: string }, { User: Partial<UserShape> }>({
  name: 'GetUser',
  readOnly: true,
  // Without UserName AWS authorizes against the caller's own ARN, which the scope does not carry.
  resource: (input, scope) =>
    input.UserName === undefined ? ANY_RESOURCE() : entityArn(scope, 'user', input.UserName),
  handler: async (input, ctx) => {
    let name = input.UserName;
    if (name === undefined) {
      const caller = ctx.caller;
      if (caller.principal.type === 'root') {
        // AWS answers the root user with its id (the account id) and ARN, and no name or path.
        const account = await ctx.tx.accounts.get(ctx.accountId);
        const lastUsed = (await ctx.tx.loginProfiles.get(ctx.accountId, undefined))?.passwordLastUsed;
        return {
          User: {
            UserId: ctx.accountId,
            Arn: iamArn(ctx.accountId, 'root', ctx.partition),
            CreateDate: account?.createdAt ?? ctx.now,
            ...(lastUsed !== undefined && { PasswordLastUsed: lastUsed }),
          },
        };
      }
      if (caller.userName === undefined) {
        throw new AwsError('ValidationError', 'Must specify userName when calling with non-User credentials');
      }
      name = caller.userName;
    }
    const user = await ctx.tx.users.get(ctx.accountId, name);
    if (!user) throw noSuchUser(name);
    return { User: userShape(user, { tags: await ctx.tx.tags.list(ctx.accountId, 'user', user.id) }) };
  },
});

export const updateUser = iamOperation<
  { UserName: string; NewPath?: string; NewUserName?: string },
  undefined
>({
  name: 'UpdateUser',
  readOnly: false,
  resource: (input, scope) => entityArn(scope, 'user', input.UserName),
  handler: async (input, ctx) => {
    const user = await ctx.tx.users.update(ctx.accountId, input.UserName, {
      ...(input.NewUserName !== undefined && { newName: input.NewUserName }),
      ...(input.NewPath !== undefined && { newPath: input.NewPath }),
    });
    if (!user) throw noSuchUser(input.UserName);
    return undefined;
  },
});

export const deleteUser = iamOperation<{ UserName: string }, undefined>({
  name: 'DeleteUser',
  readOnly: false,
  resource: (input, scope) => entityArn(scope, 'user', input.UserName),
  handler: async (input, ctx) => {
    const dependents = await ctx.tx.users.dependents(ctx.accountId, input.UserName);
    if (!dependents) throw noSuchUser(input.UserName);
    // The order of AWS's DeleteUser reference: credentials, then policies, then group memberships.
    throwFirstConflict([
      [dependents.loginProfile > 0, CONFLICT.loginProfile],
      [dependents.accessKeys > 0, CONFLICT.accessKeys],
      [dependents.mfaDevices > 0, CONFLICT.mfaDevices],
      [dependents.inlinePolicies > 0, CONFLICT.inlinePolicies],
      [dependents.attachedPolicies > 0, CONFLICT.attachedPolicies],
      [dependents.groups > 0, CONFLICT.groupMembers],
    ]);
    await ctx.tx.users.delete(ctx.accountId, input.UserName);
    return undefined;
  },
});

export const listUsers = iamOperation<
  { PathPrefix?: string } & PageInput,
  { Users: UserShape[] } & PageOutput
>({
  name: 'ListUsers',
  readOnly: true,
  resource: ANY_RESOURCE,
  handler: async (input, ctx) => {
    const page = await ctx.tx.users.list(ctx.accountId, {
      ...pageRequest(input),
      ...(input.PathPrefix !== undefined && { pathPrefix: input.PathPrefix }),
    });
    return { Users: page.items.map((u) => userShape(u)), ...pageOutput(page) };
  },
});
