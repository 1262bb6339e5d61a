import { AwsError } from '../../core/aws-error.js';
import { checkAccountAlias } from '../../domain/names.js';
import { QUOTAS } from '../../domain/quotas.js';
import { ANY_RESOURCE, iamOperation } from './define.js';
import type { PageInput, PageOutput } from './pagination.js';

export const createAccountAlias = iamOperation<{ AccountAlias: string }, undefined>({
  name: 'CreateAccountAlias',
  readOnly: false,
  resource: ANY_RESOURCE,
  handler: async (input, ctx) => {
    // The model's pattern admits a 12-digit alias; AWS refuses one (it would read as an account id).
    if (checkAccountAlias(input.AccountAlias) !== undefined) {
      throw new AwsError(
        'ValidationError',
        `1 validation error detected: Value '${input.AccountAlias}' at 'accountAlias' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$`,
      );
    }
    await ctx.tx.accounts.setAlias(ctx.accountId, input.AccountAlias);
    return undefined;
  },
});

export const deleteAccountAlias = iamOperation<{ AccountAlias: string }, undefined>({
  name: 'DeleteAccountAlias',
  readOnly: false,
  resource: ANY_RESOURCE,
  handler: async (input, ctx) => {
    if (!(await ctx.tx.accounts.deleteAlias(ctx.accountId, input.AccountAlias))) {
      throw new AwsError('NoSuchEntity', `The account alias ${input.AccountAlias} cannot be found.`);
    }
    return undefined;
  },
});

export const listAccountAliases = iamOperation<PageInput, { AccountAliases: string[] } & PageOutput>({
  name: 'ListAccountAliases',
  readOnly: true,
  resource: ANY_RESOURCE,
  handler: async (_input, ctx) => {
    const account = await ctx.tx.accounts.get(ctx.accountId);
    return { AccountAliases: account?.alias !== undefined ? [account.alias] : [], IsTruncated: false };
  },
});

export const getAccountSummary = iamOperation<Record<string, never>, { SummaryMap: Record<string, number> }>({
  name: 'GetAccountSummary',
  readOnly: true,
  resource: ANY_RESOURCE,
  handler: async (_input, ctx) => {
    const usage = await ctx.tx.accounts.usage(ctx.accountId);
    const mfa = ctx.tx.mfaDevices;
    const rootMfa = (await mfa.listAssigned(ctx.accountId, undefined))?.length ?? 0;
    const SummaryMap: Record<string, number> = {
      Users: usage.users,
      Groups: usage.groups,
      Roles: usage.roles,
      Policies: usage.policies,
      PolicyVersionsInUse: usage.policyVersionsInUse,
      InstanceProfiles: usage.instanceProfiles,
      AccountAccessKeysPresent: usage.accountAccessKeysPresent ? 1 : 0,
      MFADevices: await mfa.count(ctx.accountId),
      MFADevicesInUse: await mfa.count(ctx.accountId, 'Assigned'),
      AccountMFAEnabled: rootMfa > 0 ? 1 : 0,
      // Not modeled yet in Portcullis: none exist.
      ServerCertificates: 0,
      ServerCertificatesQuota: 20,
      AccountPasswordPresent: 0,
      AccountSigningCertificatesPresent: 0,
      Providers: 0,
      GlobalEndpointTokenVersion: 1,
    };
    for (const quota of Object.values(QUOTAS) as { limit: number; summaryKey?: string }[]) {
      if (quota.summaryKey !== undefined) SummaryMap[quota.summaryKey] = quota.limit;
    }
    return { SummaryMap };
  },
});
