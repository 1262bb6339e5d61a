import { iamArn } from '../../core/arn.js';
import type { ManagedPolicy } from '../../domain/managed-policy.js';
import { QUOTAS } from '../../domain/quotas.js';
import { newPolicyId } from '../../domain/unique-id.js';
import { ANY_RESOURCE, iamOperation } from './define.js';
import { checkManagedDocument } from './documents.js';
import { CONFLICT, limitExceeded, noSuchPolicy, throwFirstConflict } from './errors.js';
import { type PageInput, type PageOutput, pageOf, pageOutput, pageRequest } from './pagination.js';
import {
  awsManagedCatalog,
  boundaryUsage,
  checkPolicyArn,
  findPolicy,
  isAttachableAwsPolicy,
  withUsage,
} from './policy-lookup.js';
import { type AnyPolicy, type PolicyShape, policyShape } from './shapes.js';
import { checkTags, fromTagShapes, type TagShape, tagRequestKeys } from './tags.js';

export const createPolicy = iamOperation<
  { PolicyName: string; Path?: string; PolicyDocument: string; Description?: string; Tags?: TagShape[] },
  { Policy: PolicyShape }
>({
  name: 'CreatePolicy',
  readOnly: false,
  resource: (input, scope) =>
    iamArn(scope.accountId, `policy${input.Path ?? '/'}${input.PolicyName}`, scope.partition),
  requestKeys: (input) => tagRequestKeys(input.Tags),
  handler: async (input, ctx) => {
    const tags = input.Tags ?? [];
    checkTags('policy', tags);
    checkManagedDocument(input.PolicyDocument, input.PolicyName, ctx.partition);
    if ((await ctx.tx.policies.count(ctx.accountId)) >= QUOTAS.policiesPerAccount.limit) {
      throw limitExceeded('policiesPerAccount');
    }
    const policy = await ctx.tx.policies.create(ctx.accountId, {
      id: newPolicyId(),
      name: input.PolicyName,
      path: input.Path ?? '/',
      document: input.PolicyDocument,
      createDate: ctx.now,
      ...(input.Description !== undefined && { description: input.Description }),
    });
    if (tags.length > 0) await ctx.tx.tags.put(ctx.accountId, 'policy', policy.id, fromTagShapes(tags));
    return {
      Policy: policyShape(policy, { tags: await ctx.tx.tags.list(ctx.accountId, 'policy', policy.id) }),
    };
  },
});

export const getPolicy = iamOperation<{ PolicyArn: string }, { Policy: PolicyShape }>({
  name: 'GetPolicy',
  readOnly: true,
  resource: (input) => input.PolicyArn,
  handler: async (input, ctx) => {
    checkPolicyArn(input.PolicyArn);
    const policy = await findPolicy(ctx, input.PolicyArn);
    if (!policy) throw noSuchPolicy(input.PolicyArn);
    const tags = 'accountId' in policy ? await ctx.tx.tags.list(ctx.accountId, 'policy', policy.id) : [];
    return { Policy: policyShape(policy, { tags }) };
  },
});

export const deletePolicy = iamOperation<{ PolicyArn: string }, undefined>({
  name: 'DeletePolicy',
  readOnly: false,
  resource: (input) => input.PolicyArn,
  handler: async (input, ctx) => {
    checkPolicyArn(input.PolicyArn);
    const policy = await ctx.tx.policies.get(ctx.accountId, input.PolicyArn);
    if (!policy) throw noSuchPolicy(input.PolicyArn);
    const versions = await ctx.tx.policies.countVersions(ctx.accountId, policy.arn);
    throwFirstConflict([
      // A policy that is still some user's or role's permissions boundary is in use too.
      [policy.attachmentCount > 0 || policy.permissionsBoundaryUsageCount > 0, CONFLICT.policyAttached],
      [versions > 1, CONFLICT.policyVersions],
    ]);
    await ctx.tx.policies.delete(ctx.accountId, policy.arn);
    return undefined;
  },
});

type Scope = 'All' | 'AWS' | 'Local';
type UsageFilter = 'PermissionsPolicy' | 'PermissionsBoundary';

export const listPolicies = iamOperation<
  { Scope?: Scope; OnlyAttached?: boolean; PathPrefix?: string; PolicyUsageFilter?: UsageFilter } & PageInput,
  { Policies: PolicyShape[] } & PageOutput
>({
  name: 'ListPolicies',
  readOnly: true,
  resource: ANY_RESOURCE,
  handler: async (input, ctx) => {
    const scope = input.Scope ?? 'All';
    const onlyAttached = input.OnlyAttached === true;
    const prefix = input.PathPrefix ?? '/';
    // The common case, local policies filtered at most by attachment, pages in the store.
    if (scope === 'Local' && input.PolicyUsageFilter !== 'PermissionsBoundary') {
      const page = await ctx.tx.policies.list(ctx.accountId, {
        ...pageRequest(input),
        pathPrefix: prefix,
        onlyAttached,
      });
      return { Policies: page.items.map((p) => policyShape(p)), ...pageOutput(page) };
    }
    const boundaries = await boundaryUsage(ctx);
    const candidates: AnyPolicy[] = [];
    if (scope !== 'AWS') {
      for (let marker: string | undefined, first = true; first || marker !== undefined; first = false) {
        const page: { items: readonly ManagedPolicy[]; marker?: string } = await ctx.tx.policies.list(
          ctx.accountId,
          {
            maxItems: 1000,
            pathPrefix: prefix,
            ...(marker && { marker }),
          },
        );
        candidates.push(...page.items);
        marker = page.marker;
      }
    }
    if (scope !== 'Local') {
      for (const p of awsManagedCatalog(ctx).list()) {
        if (!p.path.startsWith(prefix)) continue;
        if (onlyAttached) candidates.push(await withUsage(ctx, p, boundaries));
        else
          candidates.push({
            ...p,
            attachmentCount: -1,
            permissionsBoundaryUsageCount: -1,
            isAttachable: isAttachableAwsPolicy(p),
          });
      }
    }
    const attached = (p: AnyPolicy) =>
      input.PolicyUsageFilter === 'PermissionsBoundary'
        ? (boundaries.get(p.arn) ?? 0) > 0
        : input.PolicyUsageFilter === 'PermissionsPolicy'
          ? p.attachmentCount > 0
          : p.attachmentCount > 0 || (boundaries.get(p.arn) ?? 0) > 0;
    const matching = onlyAttached ? candidates.filter(attached) : candidates;
    const page = pageOf(
      matching,
      (p) => `${p.name.toLowerCase()}|${p.arn}`,
      `policies|${scope}|${prefix}|${onlyAttached ? 1 : 0}|${input.PolicyUsageFilter ?? ''}`,
      input,
    );
    const items: PolicyShape[] = [];
    for (const p of page.items) {
      // AWS-managed entries get their counts only when they make the page.
      const full =
        p.attachmentCount < 0 ? await withUsage(ctx, awsManagedCatalog(ctx).get(p.arn) ?? p, boundaries) : p;
      items.push(policyShape(full));
    }
    return { Policies: items, ...pageOutput(page) };
  },
});
