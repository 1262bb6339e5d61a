import { type TaggableKind, tagKeyOf } from '../../domain/tag.js';
import type { OperationInput, ResourceScope } from '../../protocol/operation-registry.js';
import type { OperationContext } from '../operation-context.js';
import { entityArn, iamOperation } from './define.js';
import { noSuchInstanceProfile, noSuchPolicy, noSuchRole, noSuchUser } from './errors.js';
import { type PageInput, type PageOutput, pageOf, pageOutput } from './pagination.js';
import { deviceOf } from './mfa-device-lookup.js';
import { checkPolicyArn } from './policy-lookup.js';
import { checkTags, fromTagShapes, type TagShape, tagRequestKeys, toTagShapes } from './tags.js';

/** How each taggable entity is named in the input and found in the store (groups cannot be tagged). */
interface TaggableSpec {
  readonly kind: TaggableKind;
  /** The operation names' middle word: TagUser, UntagRole, ListPolicyTags... */
  readonly word: 'User' | 'Role' | 'Policy' | 'InstanceProfile' | 'MFADevice';
  readonly key: 'UserName' | 'RoleName' | 'PolicyArn' | 'InstanceProfileName' | 'SerialNumber';
  readonly resource: (name: string, scope: ResourceScope) => string;
  /** The entity's unique id (tags are keyed by it), or throws NoSuchEntity. */
  readonly idOf: (ctx: OperationContext, name: string) => Promise<string>;
}

const SPECS: readonly TaggableSpec[] = [
  {
    kind: 'user',
    word: 'User',
    key: 'UserName',
    resource: (name, scope) => entityArn(scope, 'user', name),
    idOf: async (ctx, name) => {
      const user = await ctx.tx.users.get(ctx.accountId, name);
      if (!user) throw noSuchUser(name);
      return user.id;
    },
  },
  {
    kind: 'role',
    word: 'Role',
    key: 'RoleName',
    resource: (name, scope) => entityArn(scope, 'role', name),
    idOf: async (ctx, name) => {
      const role = await ctx.tx.roles.get(ctx.accountId, name);
      if (!role) throw noSuchRole(name);
      return role.id;
    },
  },
  {
    kind: 'policy',
    word: 'Policy',
    key: 'PolicyArn',
    resource: (arn) => arn,
    idOf: async (ctx, arn) => {
      checkPolicyArn(arn);
      const policy = await ctx.tx.policies.get(ctx.accountId, arn);
      if (!policy) throw noSuchPolicy(arn);
      return policy.id;
    },
  },
  {
    kind: 'instance-profile',
    word: 'InstanceProfile',
    key: 'InstanceProfileName',
    resource: (name, scope) => entityArn(scope, 'instance-profile', name),
    idOf: async (ctx, name) => {
      const profile = await ctx.tx.instanceProfiles.get(ctx.accountId, name);
      if (!profile) throw noSuchInstanceProfile(name);
      return profile.id;
    },
  },
  {
    // A virtual MFA device's serial number is its ARN.
    kind: 'mfa',
    word: 'MFADevice',
    key: 'SerialNumber',
    resource: (serialNumber) => serialNumber,
    idOf: async (ctx, serialNumber) => (await deviceOf(ctx, serialNumber)).id,
  },
];

function taggingOperations(spec: TaggableSpec) {
  const nameOf = (input: OperationInput) => String(input[spec.key]);
  const resource = (input: OperationInput, scope: ResourceScope) => spec.resource(nameOf(input), scope);

  const tag = iamOperation<OperationInput & { Tags: TagShape[] }, undefined>({
    name: `Tag${spec.word}`,
    readOnly: false,
    resource,
    requestKeys: (input) => tagRequestKeys(input.Tags),
    handler: async (input, ctx) => {
      const id = await spec.idOf(ctx, nameOf(input));
      checkTags(spec.kind, input.Tags, await ctx.tx.tags.list(ctx.accountId, spec.kind, id));
      await ctx.tx.tags.put(ctx.accountId, spec.kind, id, fromTagShapes(input.Tags));
      return undefined;
    },
  });

  const untag = iamOperation<OperationInput & { TagKeys: string[] }, undefined>({
    name: `Untag${spec.word}`,
    readOnly: false,
    resource,
    requestKeys: (input) => ({ 'aws:TagKeys': input.TagKeys }),
    handler: async (input, ctx) => {
      const id = await spec.idOf(ctx, nameOf(input));
      await ctx.tx.tags.remove(ctx.accountId, spec.kind, id, input.TagKeys);
      return undefined;
    },
  });

  const list = iamOperation<OperationInput & PageInput, { Tags: TagShape[] } & PageOutput>({
    name: `List${spec.word}Tags`,
    readOnly: true,
    resource,
    handler: async (input, ctx) => {
      const id = await spec.idOf(ctx, nameOf(input));
      const tags = await ctx.tx.tags.list(ctx.accountId, spec.kind, id);
      const page = pageOf(tags, (t) => tagKeyOf(spec.kind, t.key), `tags|${spec.kind}|${id}`, input);
      return { Tags: toTagShapes(page.items), ...pageOutput(page) };
    },
  });

  return { tag, untag, list };
}

const [user, role, policy, instanceProfile, mfaDevice] = SPECS.map(taggingOperations) as [
  ReturnType<typeof taggingOperations>,
  ReturnType<typeof taggingOperations>,
  ReturnType<typeof taggingOperations>,
  ReturnType<typeof taggingOperations>,
  ReturnType<typeof taggingOperations>,
];

export const tagUser = user.tag;
export const untagUser = user.untag;
export const listUserTags = user.list;
export const tagRole = role.tag;
export const untagRole = role.untag;
export const listRoleTags = role.list;
export const tagPolicy = policy.tag;
export const untagPolicy = policy.untag;
export const listPolicyTags = policy.list;
export const tagInstanceProfile = instanceProfile.tag;
export const untagInstanceProfile = instanceProfile.untag;
export const listInstanceProfileTags = instanceProfile.list;
export const tagMfaDevice = mfaDevice.tag;
export const untagMfaDevice = mfaDevice.untag;
export const listMfaDeviceTags = mfaDevice.list;
