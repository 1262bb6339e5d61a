import { AwsError } from '../../core/aws-error.js';
import { isAwsManagedPolicyArn } from '../../domain/arns.js';
import type { PolicyVersion } from '../../domain/managed-policy.js';
import { versionNumberOf } from '../../domain/managed-policy.js';
import { QUOTAS } from '../../domain/quotas.js';
import type { OperationContext } from '../operation-context.js';
import { iamOperation } from './define.js';
import { checkManagedDocument } from './documents.js';
import { CONFLICT, deleteConflict, noSuchPolicy, noSuchPolicyVersion } from './errors.js';
import { type PageInput, type PageOutput, pageOf, pageOutput } from './pagination.js';
import { awsManagedCatalog, checkPolicyArn } from './policy-lookup.js';
import { type PolicyVersionShape, policyVersionShape } from './shapes.js';

/** A version's sort key, newest first as ListPolicyVersions answers. */
const newestFirst = (v: PolicyVersion): string =>
  String(1e9 - (versionNumberOf(v.versionId) ?? 0)).padStart(10, '0');

/** Versions of a customer policy of this account or of an AWS-managed one; undefined: no such policy. */
async function versionsOf(ctx: OperationContext, arn: string): Promise<readonly PolicyVersion[] | undefined> {
  if (isAwsManagedPolicyArn(arn)) {
    const versions = awsManagedCatalog(ctx).versions(arn);
    return versions.length > 0 ? versions : undefined;
  }
  return ctx.tx.policies.listVersions(ctx.accountId, arn);
}

const checkVersionId = (versionId: string): void => {
  if (versionNumberOf(versionId) === undefined) {
    throw new AwsError('InvalidInput', `Invalid Version Id '${versionId}'`);
  }
};

export const createPolicyVersion = iamOperation<
  { PolicyArn: string; PolicyDocument: string; SetAsDefault?: boolean },
  { PolicyVersion: PolicyVersionShape }
>({
  name: 'CreatePolicyVersion',
  readOnly: false,
  resource: (input) => input.PolicyArn,
  handler: async (input, ctx) => {
    checkPolicyArn(input.PolicyArn);
    const policy = await ctx.tx.policies.get(ctx.accountId, input.PolicyArn);
    if (!policy) throw noSuchPolicy(input.PolicyArn);
    checkManagedDocument(input.PolicyDocument, policy.arn, ctx.partition);
    if ((await ctx.tx.policies.countVersions(ctx.accountId, policy.arn)) >= QUOTAS.versionsPerPolicy.limit) {
      throw new AwsError(
        'LimitExceeded',
        'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
      );
    }
    const version = await ctx.tx.policies.createVersion(ctx.accountId, policy.arn, {
      document: input.PolicyDocument,
      setAsDefault: input.SetAsDefault === true,
      createDate: ctx.now,
    });
    if (!version) throw noSuchPolicy(input.PolicyArn);
    return { PolicyVersion: policyVersionShape(version, false) };
  },
});

export const getPolicyVersion = iamOperation<
  { PolicyArn: string; VersionId: string },
  { PolicyVersion: PolicyVersionShape }
>({
  name: 'GetPolicyVersion',
  readOnly: true,
  resource: (input) => input.PolicyArn,
  handler: async (input, ctx) => {
    checkPolicyArn(input.PolicyArn);
    checkVersionId(input.VersionId);
    const version = (await versionsOf(ctx, input.PolicyArn))?.find((v) => v.versionId === input.VersionId);
    if (!version) throw noSuchPolicyVersion(input.PolicyArn, input.VersionId);
    return { PolicyVersion: policyVersionShape(version, true) };
  },
});

export const deletePolicyVersion = iamOperation<{ PolicyArn: string; VersionId: string }, undefined>({
  name: 'DeletePolicyVersion',
  readOnly: false,
  resource: (input) => input.PolicyArn,
  handler: async (input, ctx) => {
    checkPolicyArn(input.PolicyArn);
    checkVersionId(input.VersionId);
    const version = await ctx.tx.policies.getVersion(ctx.accountId, input.PolicyArn, input.VersionId);
    if (!version) {
      if (!(await ctx.tx.policies.get(ctx.accountId, input.PolicyArn))) throw noSuchPolicy(input.PolicyArn);
      throw noSuchPolicyVersion(input.PolicyArn, input.VersionId);
    }
    if (version.isDefault) throw deleteConflict(CONFLICT.defaultVersion);
    await ctx.tx.policies.deleteVersion(ctx.accountId, input.PolicyArn, input.VersionId);
    return undefined;
  },
});

export const listPolicyVersions = iamOperation<
  { PolicyArn: string } & PageInput,
  { Versions: PolicyVersionShape[] } & PageOutput
>({
  name: 'ListPolicyVersions',
  readOnly: true,
  resource: (input) => input.PolicyArn,
  handler: async (input, ctx) => {
    checkPolicyArn(input.PolicyArn);
    const versions = await versionsOf(ctx, input.PolicyArn);
    if (!versions) throw noSuchPolicy(input.PolicyArn);
    const page = pageOf(versions, newestFirst, `versions|${input.PolicyArn}`, input);
    return { Versions: page.items.map((v) => policyVersionShape(v, false)), ...pageOutput(page) };
  },
});

export const setDefaultPolicyVersion = iamOperation<{ PolicyArn: string; VersionId: string }, undefined>({
  name: 'SetDefaultPolicyVersion',
  readOnly: false,
  resource: (input) => input.PolicyArn,
  handler: async (input, ctx) => {
    checkPolicyArn(input.PolicyArn);
    checkVersionId(input.VersionId);
    if (await ctx.tx.policies.setDefaultVersion(ctx.accountId, input.PolicyArn, input.VersionId, ctx.now)) {
      return undefined;
    }
    if (!(await ctx.tx.policies.get(ctx.accountId, input.PolicyArn))) throw noSuchPolicy(input.PolicyArn);
    throw noSuchPolicyVersion(input.PolicyArn, input.VersionId);
  },
});
