import { AwsError } from '../../core/aws-error.js';
import { isAwsManagedPolicyArn, parsePolicyArn } from '../../domain/arns.js';
import type { AwsManagedPolicy, AwsManagedPolicyCatalog } from '../../domain/managed-policy.js';
import type { OperationContext } from '../operation-context.js';
import type { AnyPolicy } from './shapes.js';

/** The AWS-managed policy catalog the store resolves `arn:aws:iam::aws:policy/...` against. */
export const awsManagedCatalog = (ctx: OperationContext): AwsManagedPolicyCatalog =>
  ctx.tx.awsManagedPolicies;

/** AWS marks the service-role policies (path /aws-service-role/) as not attachable. */
export const isAttachableAwsPolicy = (policy: AwsManagedPolicy): boolean =>
  !policy.path.startsWith('/aws-service-role/');

/** Users and roles of the account that use `arn` as their permissions boundary. */
export async function boundaryUsage(ctx: OperationContext): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const add = (arn: string | undefined) => {
    if (arn !== undefined) counts.set(arn, (counts.get(arn) ?? 0) + 1);
  };
  for (let marker: string | undefined, first = true; first || marker !== undefined; first = false) {
    const page = await ctx.tx.users.list(ctx.accountId, { maxItems: 1000, ...(marker && { marker }) });
    for (const u of page.items) add(u.permissionsBoundaryArn);
    marker = page.marker;
  }
  for (let marker: string | undefined, first = true; first || marker !== undefined; first = false) {
    const page = await ctx.tx.roles.list(ctx.accountId, { maxItems: 1000, ...(marker && { marker }) });
    for (const r of page.items) add(r.permissionsBoundaryArn);
    marker = page.marker;
  }
  return counts;
}

/** An AWS-managed policy with this account's usage of it. */
export async function withUsage(
  ctx: OperationContext,
  policy: AwsManagedPolicy,
  boundaries?: Map<string, number>,
): Promise<AnyPolicy> {
  return {
    ...policy,
    attachmentCount: await ctx.tx.attachments.countForPolicy(ctx.accountId, policy.arn),
    permissionsBoundaryUsageCount: (boundaries ?? (await boundaryUsage(ctx))).get(policy.arn) ?? 0,
    isAttachable: isAttachableAwsPolicy(policy),
  };
}

/** A customer policy of this account or an AWS-managed one, by ARN; undefined when neither. */
export async function findPolicy(ctx: OperationContext, arn: string): Promise<AnyPolicy | undefined> {
  if (isAwsManagedPolicyArn(arn)) {
    const policy = awsManagedCatalog(ctx).get(arn);
    return policy && withUsage(ctx, policy);
  }
  return ctx.tx.policies.get(ctx.accountId, arn);
}

/** A policy ARN's syntax, as IAM checks it before looking the policy up. */
export function checkPolicyArn(arn: string): void {
  if (!parsePolicyArn(arn)) throw new AwsError('InvalidInput', `ARN ${arn} is not valid.`);
}

/**
 * A permissions boundary must name an existing managed policy (customer or AWS-managed) that can
 * be attached.
 */
export async function checkBoundary(ctx: OperationContext, arn: string): Promise<void> {
  checkPolicyArn(arn);
  const policy = await findPolicy(ctx, arn);
  if (!policy?.isAttachable) {
    throw new AwsError('NoSuchEntity', `Scope ARN: ${arn} does not exist or is not attachable.`);
  }
}
