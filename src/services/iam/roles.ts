import { AwsError } from '../../core/aws-error.js';
import { MAX_SESSION_DURATION, QUOTAS } from '../../domain/quotas.js';
import type { Role } from '../../domain/role.js';
import { newRoleId } from '../../domain/unique-id.js';
import type { OperationContext } from '../operation-context.js';
import { ANY_RESOURCE, entityArn, iamOperation } from './define.js';
import { checkPolicyDocument, policySize } from './documents.js';
import { CONFLICT, limitExceeded, noSuchRole, throwFirstConflict } from './errors.js';
import { type PageInput, type PageOutput, pageOutput, pageRequest } from './pagination.js';
import { checkBoundary } from './policy-lookup.js';
import { type RoleShape, roleShape } from './shapes.js';
import { checkTags, fromTagShapes, type TagShape, tagRequestKeys } from './tags.js';

/** A trust policy: the 2,048 quota (white space not counted), then the trust-policy grammar. */
function checkTrustPolicy(document: string, roleName: string, partition: string): void {
  if (policySize(document) > QUOTAS.assumeRolePolicySize.limit) throw limitExceeded('assumeRolePolicySize');
  checkPolicyDocument(document, { kind: 'trust', id: roleName, partition });
}

/** The model bounds MaxSessionDuration; the codec checks it on the wire, this guards direct callers. */
function checkMaxSessionDuration(seconds: number | undefined): void {
  if (seconds === undefined) return;
  if (seconds < MAX_SESSION_DURATION.min || seconds > MAX_SESSION_DURATION.max) {
    const [bound, word] =
      seconds < MAX_SESSION_DURATION.min
        ? [MAX_SESSION_DURATION.min, 'greater']
        : [MAX_SESSION_DURATION.max, 'less'];
    throw new AwsError(
      'ValidationError',
      `1 validation error detected: Value '${seconds}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value ${word} than or equal to ${bound}`,
    );
  }
}

const fullRole = async (ctx: OperationContext, role: Role) =>
  roleShape(role, { tags: await ctx.tx.tags.list(ctx.accountId, 'role', role.id) });

export const createRole = iamOperation<
  {
    Path?: string;
    RoleName: string;
    AssumeRolePolicyDocument: string;
    Description?: string;
    MaxSessionDuration?: number;
    PermissionsBoundary?: string;
    Tags?: TagShape[];
  },
  { Role: RoleShape }
>({
  name: 'CreateRole',
  readOnly: false,
  resource: (input, scope) => entityArn(scope, 'role', input.RoleName, input.Path),
  requestKeys: (input) => ({
    ...tagRequestKeys(input.Tags),
    ...(input.PermissionsBoundary !== undefined && { 'iam:PermissionsBoundary': input.PermissionsBoundary }),
  }),
  handler: async (input, ctx) => {
    const tags = input.Tags ?? [];
    checkTags('role', tags);
    checkMaxSessionDuration(input.MaxSessionDuration);
    checkTrustPolicy(input.AssumeRolePolicyDocument, input.RoleName, ctx.partition);
    if (input.PermissionsBoundary !== undefined) await checkBoundary(ctx, input.PermissionsBoundary);
    if ((await ctx.tx.roles.count(ctx.accountId)) >= QUOTAS.rolesPerAccount.limit)
      throw limitExceeded('rolesPerAccount');
    const role = await ctx.tx.roles.create(ctx.accountId, {
      id: newRoleId(),
      name: input.RoleName,
      path: input.Path ?? '/',
      createDate: ctx.now,
      assumeRolePolicyDocument: input.AssumeRolePolicyDocument,
      maxSessionDuration: input.MaxSessionDuration ?? MAX_SESSION_DURATION.default,
      ...(input.Description !== undefined && { description: input.Description }),
      ...(input.PermissionsBoundary !== undefined && { permissionsBoundaryArn: input.PermissionsBoundary }),
    });
    if (tags.length > 0) await ctx.tx.tags.put(ctx.accountId, 'role', role.id, fromTagShapes(tags));
    return { Role: await fullRole(ctx, role) };
  },
});

export const getRole = iamOperation<{ RoleName: string }, { Role: RoleShape }>({
  name: 'GetRole',
  readOnly: true,
  resource: (input, scope) => entityArn(scope, 'role', input.RoleName),
  handler: async (input, ctx) => {
    const role = await ctx.tx.roles.get(ctx.accountId, input.RoleName);
    if (!role) throw noSuchRole(input.RoleName);
    return { Role: await fullRole(ctx, role) };
  },
});

export const updateRole = iamOperation<
  { RoleName: string; Description?: string; MaxSessionDuration?: number },
  Record<string, never>
>({
  name: 'UpdateRole',
  readOnly: false,
  resource: (input, scope) => entityArn(scope, 'role', input.RoleName),
  handler: async (input, ctx) => {
    checkMaxSessionDuration(input.MaxSessionDuration);
    const role = await ctx.tx.roles.update(ctx.accountId, input.RoleName, {
      ...(input.Description !== undefined && { description: input.Description }),
      ...(input.MaxSessionDuration !== undefined && { maxSessionDuration: input.MaxSessionDuration }),
    });
    if (!role) throw noSuchRole(input.RoleName);
    return {};
  },
});

export const updateRoleDescription = iamOperation<
  { RoleName: string; Description: string },
  { Role: RoleShape }
>({
  name: 'UpdateRoleDescription',
  readOnly: false,
  resource: (input, scope) => entityArn(scope, 'role', input.RoleName),
  handler: async (input, ctx) => {
    const role = await ctx.tx.roles.update(ctx.accountId, input.RoleName, { description: input.Description });
    if (!role) throw noSuchRole(input.RoleName);
    return { Role: await fullRole(ctx, role) };
  },
});

export const updateAssumeRolePolicy = iamOperation<{ RoleName: string; PolicyDocument: string }, undefined>({
  name: 'UpdateAssumeRolePolicy',
  readOnly: false,
  resource: (input, scope) => entityArn(scope, 'role', input.RoleName),
  handler: async (input, ctx) => {
    const role = await ctx.tx.roles.get(ctx.accountId, input.RoleName);
    if (!role) throw noSuchRole(input.RoleName);
    checkTrustPolicy(input.PolicyDocument, role.name, ctx.partition);
    await ctx.tx.roles.updateAssumeRolePolicy(ctx.accountId, role.name, input.PolicyDocument);
    return undefined;
  },
});

export const deleteRole = iamOperation<{ RoleName: string }, undefined>({
  name: 'DeleteRole',
  readOnly: false,
  resource: (input, scope) => entityArn(scope, 'role', input.RoleName),
  handler: async (input, ctx) => {
    const dependents = await ctx.tx.roles.dependents(ctx.accountId, input.RoleName);
    if (!dependents) throw noSuchRole(input.RoleName);
    throwFirstConflict([
      [dependents.instanceProfiles > 0, CONFLICT.instanceProfileRoles],
      [dependents.inlinePolicies > 0, CONFLICT.inlinePolicies],
      [dependents.attachedPolicies > 0, CONFLICT.attachedPolicies],
    ]);
    await ctx.tx.roles.delete(ctx.accountId, input.RoleName);
    return undefined;
  },
});

export const listRoles = iamOperation<
  { PathPrefix?: string } & PageInput,
  { Roles: RoleShape[] } & PageOutput
>({
  name: 'ListRoles',
  readOnly: true,
  resource: ANY_RESOURCE,
  handler: async (input, ctx) => {
    const page = await ctx.tx.roles.list(ctx.accountId, {
      ...pageRequest(input),
      ...(input.PathPrefix !== undefined && { pathPrefix: input.PathPrefix }),
    });
    return { Roles: page.items.map((r) => roleShape(r)), ...pageOutput(page) };
  },
});
