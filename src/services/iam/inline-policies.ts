import { AwsError } from '../../core/aws-error.js';
import { QUOTAS } from '../../domain/quotas.js';
import type { OperationInput } from '../../protocol/operation-registry.js';
import { entityArn, iamOperation } from './define.js';
import { noSuchInlinePolicy, noSuchOwner } from './errors.js';
import { checkPolicyDocument, policySize } from './documents.js';
import { OWNERS, type OwnerSpec, ownerOf } from './owners.js';
import { type PageInput, type PageOutput, pageOf, pageOutput } from './pagination.js';

/** Input of the inline-policy operations: the owner member (UserName, GroupName or RoleName) and more. */
type OwnerInput = OperationInput;

function inlineOperations(spec: OwnerSpec) {
  const resource = (input: OwnerInput, scope: Parameters<typeof entityArn>[0]) =>
    entityArn(scope, spec.kind, String(input[spec.nameKey]));

  const put = iamOperation<OwnerInput & { PolicyName: string; PolicyDocument: string }, undefined>({
    name: `Put${spec.word}Policy`,
    readOnly: false,
    resource,
    handler: async (input, ctx) => {
      const owner = ownerOf(spec, input);
      const existing = await ctx.tx.inlinePolicies.list(ctx.accountId, owner);
      if (!existing) throw noSuchOwner(spec.kind, owner.name);
      // The quota is on all of the owner's inline documents together, white space not counted.
      const others = existing.filter((p) => p.name !== input.PolicyName);
      const total = others.reduce((n, p) => n + policySize(p.document), policySize(input.PolicyDocument));
      const limit = QUOTAS[spec.inlineSizeQuota].limit;
      if (total > limit) {
        throw new AwsError(
          'LimitExceeded',
          `Maximum policy size of ${limit} bytes exceeded for ${spec.kind} ${owner.name}`,
        );
      }
      checkPolicyDocument(input.PolicyDocument, {
        kind: 'identity',
        id: input.PolicyName,
        partition: ctx.partition,
      });
      await ctx.tx.inlinePolicies.put(ctx.accountId, owner, input.PolicyName, input.PolicyDocument);
      return undefined;
    },
  });

  const get = iamOperation<OwnerInput & { PolicyName: string }, Record<string, string>>({
    name: `Get${spec.word}Policy`,
    readOnly: true,
    resource,
    handler: async (input, ctx) => {
      const owner = ownerOf(spec, input);
      const policy = await ctx.tx.inlinePolicies.get(ctx.accountId, owner, input.PolicyName);
      if (!policy) {
        if (!(await ctx.tx.inlinePolicies.listNames(ctx.accountId, owner)))
          throw noSuchOwner(spec.kind, owner.name);
        throw noSuchInlinePolicy(spec.kind, input.PolicyName);
      }
      return { [spec.nameKey]: owner.name, PolicyName: policy.name, PolicyDocument: policy.document };
    },
  });

  const remove = iamOperation<OwnerInput & { PolicyName: string }, undefined>({
    name: `Delete${spec.word}Policy`,
    readOnly: false,
    resource,
    handler: async (input, ctx) => {
      const owner = ownerOf(spec, input);
      if (await ctx.tx.inlinePolicies.delete(ctx.accountId, owner, input.PolicyName)) return undefined;
      if (!(await ctx.tx.inlinePolicies.listNames(ctx.accountId, owner)))
        throw noSuchOwner(spec.kind, owner.name);
      throw noSuchInlinePolicy(spec.kind, input.PolicyName);
    },
  });

  const list = iamOperation<OwnerInput & PageInput, { PolicyNames: string[] } & PageOutput>({
    name: `List${spec.word}Policies`,
    readOnly: true,
    resource,
    handler: async (input, ctx) => {
      const owner = ownerOf(spec, input);
      const names = await ctx.tx.inlinePolicies.listNames(ctx.accountId, owner);
      if (!names) throw noSuchOwner(spec.kind, owner.name);
      const page = pageOf(names, (n) => n, `inline|${spec.kind}|${owner.name.toLowerCase()}`, input);
      return { PolicyNames: [...page.items], ...pageOutput(page) };
    },
  });

  return { put, get, remove, list };
}

const [user, group, role] = OWNERS.map(inlineOperations) as [
  ReturnType<typeof inlineOperations>,
  ReturnType<typeof inlineOperations>,
  ReturnType<typeof inlineOperations>,
];

export const putUserPolicy = user.put;
export const getUserPolicy = user.get;
export const deleteUserPolicy = user.remove;
export const listUserPolicies = user.list;
export const putGroupPolicy = group.put;
export const getGroupPolicy = group.get;
export const deleteGroupPolicy = group.remove;
export const listGroupPolicies = group.list;
export const putRolePolicy = role.put;
export const getRolePolicy = role.get;
export const deleteRolePolicy = role.remove;
export const listRolePolicies = role.list;
