import { QUOTAS } from '../../domain/quotas.js';
import { newInstanceProfileId } from '../../domain/unique-id.js';
import { ANY_RESOURCE, entityArn, iamOperation } from './define.js';
import { CONFLICT, limitExceeded, noSuchInstanceProfile, noSuchRole, throwFirstConflict } from './errors.js';
import { type PageInput, type PageOutput, pageOf, pageOutput, pageRequest } from './pagination.js';
import { type InstanceProfileShape, instanceProfileShape } from './shapes.js';
import { checkTags, fromTagShapes, type TagShape, tagRequestKeys } from './tags.js';

export const createInstanceProfile = iamOperation<
  { InstanceProfileName: string; Path?: string; Tags?: TagShape[] },
  { InstanceProfile: InstanceProfileShape }
>({
  name: 'CreateInstanceProfile',
  readOnly: false,
  resource: (input, scope) => entityArn(scope, 'instance-profile', input.InstanceProfileName, input.Path),
  requestKeys: (input) => tagRequestKeys(input.Tags),
  handler: async (input, ctx) => {
    const tags = input.Tags ?? [];
    checkTags('instance-profile', tags);
    if ((await ctx.tx.instanceProfiles.count(ctx.accountId)) >= QUOTAS.instanceProfilesPerAccount.limit) {
      throw limitExceeded('instanceProfilesPerAccount');
    }
    const profile = await ctx.tx.instanceProfiles.create(ctx.accountId, {
      id: newInstanceProfileId(),
      name: input.InstanceProfileName,
      path: input.Path ?? '/',
      createDate: ctx.now,
    });
    if (tags.length > 0)
      await ctx.tx.tags.put(ctx.accountId, 'instance-profile', profile.id, fromTagShapes(tags));
    const stored = await ctx.tx.tags.list(ctx.accountId, 'instance-profile', profile.id);
    return { InstanceProfile: instanceProfileShape(profile, stored) };
  },
});

export const getInstanceProfile = iamOperation<
  { InstanceProfileName: string },
  { InstanceProfile: InstanceProfileShape }
>({
  name: 'GetInstanceProfile',
  readOnly: true,
  resource: (input, scope) => entityArn(scope, 'instance-profile', input.InstanceProfileName),
  handler: async (input, ctx) => {
    const profile = await ctx.tx.instanceProfiles.get(ctx.accountId, input.InstanceProfileName);
    if (!profile) throw noSuchInstanceProfile(input.InstanceProfileName);
    const tags = await ctx.tx.tags.list(ctx.accountId, 'instance-profile', profile.id);
    return { InstanceProfile: instanceProfileShape(profile, tags) };
  },
});

export const deleteInstanceProfile = iamOperation<{ InstanceProfileName: string }, undefined>({
  name: 'DeleteInstanceProfile',
  readOnly: false,
  resource: (input, scope) => entityArn(scope, 'instance-profile', input.InstanceProfileName),
  handler: async (input, ctx) => {
    const profile = await ctx.tx.instanceProfiles.get(ctx.accountId, input.InstanceProfileName);
    if (!profile) throw noSuchInstanceProfile(input.InstanceProfileName);
    throwFirstConflict([[profile.roles.length > 0, CONFLICT.instanceProfileRoles]]);
    await ctx.tx.instanceProfiles.delete(ctx.accountId, profile.name);
    return undefined;
  },
});

export const listInstanceProfiles = iamOperation<
  { PathPrefix?: string } & PageInput,
  { InstanceProfiles: InstanceProfileShape[] } & PageOutput
>({
  name: 'ListInstanceProfiles',
  readOnly: true,
  resource: ANY_RESOURCE,
  handler: async (input, ctx) => {
    const page = await ctx.tx.instanceProfiles.list(ctx.accountId, {
      ...pageRequest(input),
      ...(input.PathPrefix !== undefined && { pathPrefix: input.PathPrefix }),
    });
    return { InstanceProfiles: page.items.map((p) => instanceProfileShape(p)), ...pageOutput(page) };
  },
});

export const listInstanceProfilesForRole = iamOperation<
  { RoleName: string } & PageInput,
  { InstanceProfiles: InstanceProfileShape[] } & PageOutput
>({
  name: 'ListInstanceProfilesForRole',
  readOnly: true,
  // AWS lists the instance-profile resource type here; only the role is known before the call.
  resource: (input, scope) => entityArn(scope, 'role', input.RoleName),
  handler: async (input, ctx) => {
    const profiles = await ctx.tx.instanceProfiles.listForRole(ctx.accountId, input.RoleName);
    if (!profiles) throw noSuchRole(input.RoleName);
    const page = pageOf(
      profiles,
      (p) => p.name.toLowerCase(),
      `profiles-for-role|${input.RoleName.toLowerCase()}`,
      input,
    );
    return { InstanceProfiles: page.items.map((p) => instanceProfileShape(p)), ...pageOutput(page) };
  },
});

export const addRoleToInstanceProfile = iamOperation<
  { InstanceProfileName: string; RoleName: string },
  undefined
>({
  name: 'AddRoleToInstanceProfile',
  readOnly: false,
  resource: (input, scope) => entityArn(scope, 'instance-profile', input.InstanceProfileName),
  handler: async (input, ctx) => {
    const profile = await ctx.tx.instanceProfiles.get(ctx.accountId, input.InstanceProfileName);
    if (!profile) throw noSuchInstanceProfile(input.InstanceProfileName);
    const role = await ctx.tx.roles.get(ctx.accountId, input.RoleName);
    if (!role) throw noSuchRole(input.RoleName);
    if (profile.roles.length >= QUOTAS.rolesPerInstanceProfile.limit)
      throw limitExceeded('rolesPerInstanceProfile');
    await ctx.tx.instanceProfiles.addRole(ctx.accountId, profile.name, role.name);
    return undefined;
  },
});

export const removeRoleFromInstanceProfile = iamOperation<
  { InstanceProfileName: string; RoleName: string },
  undefined
>({
  name: 'RemoveRoleFromInstanceProfile',
  readOnly: false,
  resource: (input, scope) => entityArn(scope, 'instance-profile', input.InstanceProfileName),
  handler: async (input, ctx) => {
    if (await ctx.tx.instanceProfiles.removeRole(ctx.accountId, input.InstanceProfileName, input.RoleName)) {
      return undefined;
    }
    if (!(await ctx.tx.instanceProfiles.get(ctx.accountId, input.InstanceProfileName))) {
      throw noSuchInstanceProfile(input.InstanceProfileName);
    }
    throw noSuchRole(input.RoleName);
  },
});
