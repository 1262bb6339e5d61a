import { AwsError } from '../../core/aws-error.js';
import { parsePolicyArn } from '../../domain/arns.js';
import { QUOTAS } from '../../domain/quotas.js';
import type { OperationInput, ResourceScope } from '../../protocol/operation-registry.js';
import { entityArn, iamOperation } from './define.js';
import { limitExceeded, noSuchOwner, noSuchPolicy, policyNotAttachable } from './errors.js';
import { OWNERS, type OwnerSpec, ownerOf } from './owners.js';
import { type PageInput, type PageOutput, pageOf, pageOutput } from './pagination.js';
import { checkPolicyArn, findPolicy } from './policy-lookup.js';

export interface AttachedPolicyShape {
  readonly PolicyName: string;
  readonly PolicyArn: string;
}

type PolicyArnInput = OperationInput & { PolicyArn: string };

function attachmentOperations(spec: OwnerSpec) {
  const resource = (input: OperationInput, scope: ResourceScope) =>
    entityArn(scope, spec.kind, String(input[spec.nameKey]));
  const requestKeys = (input: PolicyArnInput) => ({ 'iam:PolicyARN': input.PolicyArn });

  const attach = iamOperation<PolicyArnInput, undefined>({
    name: `Attach${spec.word}Policy`,
    readOnly: false,
    resource,
    requestKeys,
    handler: async (input, ctx) => {
      const owner = ownerOf(spec, input);
      checkPolicyArn(input.PolicyArn);
      const attached = await ctx.tx.attachments.list(ctx.accountId, owner);
      if (!attached) throw noSuchOwner(spec.kind, owner.name);
      const policy = await findPolicy(ctx, input.PolicyArn);
      if (!policy) throw policyNotAttachable(input.PolicyArn);
      if (!policy.isAttachable) {
        throw new AwsError(
          'PolicyNotAttachable',
          `Cannot attach a Service Role Policy to a Customer ${spec.word}.`,
        );
      }
      if (attached.some((a) => a.policyArn === policy.arn)) return undefined;
      if (attached.length >= QUOTAS[spec.attachedQuota].limit) throw limitExceeded(spec.attachedQuota);
      const result = await ctx.tx.attachments.attach(ctx.accountId, owner, policy.arn);
      if (result === 'no-owner') throw noSuchOwner(spec.kind, owner.name);
      if (result === 'no-policy') throw policyNotAttachable(input.PolicyArn);
      return undefined;
    },
  });

  const detach = iamOperation<PolicyArnInput, undefined>({
    name: `Detach${spec.word}Policy`,
    readOnly: false,
    resource,
    requestKeys,
    handler: async (input, ctx) => {
      const owner = ownerOf(spec, input);
      checkPolicyArn(input.PolicyArn);
      if (await ctx.tx.attachments.detach(ctx.accountId, owner, input.PolicyArn)) return undefined;
      if (!(await ctx.tx.attachments.list(ctx.accountId, owner))) throw noSuchOwner(spec.kind, owner.name);
      throw noSuchPolicy(input.PolicyArn);
    },
  });

  const list = iamOperation<
    OperationInput & { PathPrefix?: string } & PageInput,
    { AttachedPolicies: AttachedPolicyShape[] } & PageOutput
  >({
    name: `ListAttached${spec.word}Policies`,
    readOnly: true,
    resource,
    handler: async (input, ctx) => {
      const owner = ownerOf(spec, input);
      const attached = await ctx.tx.attachments.list(ctx.accountId, owner);
      if (!attached) throw noSuchOwner(spec.kind, owner.name);
      const prefix = input.PathPrefix ?? '/';
      const matching = attached.filter((a) => (parsePolicyArn(a.policyArn)?.path ?? '/').startsWith(prefix));
      const page = pageOf(
        matching,
        (a) => `${a.policyName.toLowerCase()}|${a.policyArn}`,
        `attached|${spec.kind}|${owner.name.toLowerCase()}|${prefix}`,
        input,
      );
      return {
        AttachedPolicies: page.items.map((a) => ({ PolicyName: a.policyName, PolicyArn: a.policyArn })),
        ...pageOutput(page),
      };
    },
  });

  return { attach, detach, list };
}

const [user, group, role] = OWNERS.map(attachmentOperations) as [
  ReturnType<typeof attachmentOperations>,
  ReturnType<typeof attachmentOperations>,
  ReturnType<typeof attachmentOperations>,
];

export const attachUserPolicy = user.attach;
export const detachUserPolicy = user.detach;
export const listAttachedUserPolicies = user.list;
export const attachGroupPolicy = group.attach;
export const detachGroupPolicy = group.detach;
export const listAttachedGroupPolicies = group.list;
export const attachRolePolicy = role.attach;
export const detachRolePolicy = role.detach;
export const listAttachedRolePolicies = role.list;
