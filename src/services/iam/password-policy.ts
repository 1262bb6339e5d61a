/** The account password policy: UpdateAccountPasswordPolicy, GetAccountPasswordPolicy, DeleteAccountPasswordPolicy. */
import type { PasswordPolicy } from '../../domain/password-policy.js';
import { ANY_RESOURCE, iamOperation } from './define.js';
import { noSuchPasswordPolicy } from './password-checks.js';

export type PasswordPolicyInput = {
  MinimumPasswordLength?: number;
  RequireSymbols?: boolean;
  RequireNumbers?: boolean;
  RequireUppercaseCharacters?: boolean;
  RequireLowercaseCharacters?: boolean;
  AllowUsersToChangePassword?: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
};

export interface PasswordPolicyShape {
  MinimumPasswordLength: number;
  RequireSymbols: boolean;
  RequireNumbers: boolean;
  RequireUppercaseCharacters: boolean;
  RequireLowercaseCharacters: boolean;
  AllowUsersToChangePassword: boolean;
  ExpirePasswords: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}

export const updateAccountPasswordPolicy = iamOperation<PasswordPolicyInput, undefined>({
  name: 'UpdateAccountPasswordPolicy',
  readOnly: false,
  resource: ANY_RESOURCE,
  handler: async (input, ctx) => {
    // A full replace: what the call omits returns to its default (ranges are the model's).
    await ctx.tx.passwordPolicies.put({
      accountId: ctx.accountId,
      minimumPasswordLength: input.MinimumPasswordLength ?? 6,
      requireSymbols: input.RequireSymbols ?? false,
      requireNumbers: input.RequireNumbers ?? false,
      requireUppercaseCharacters: input.RequireUppercaseCharacters ?? false,
      requireLowercaseCharacters: input.RequireLowercaseCharacters ?? false,
      allowUsersToChangePassword: input.AllowUsersToChangePassword ?? false,
      maxPasswordAge: input.MaxPasswordAge,
      passwordReusePrevention: input.PasswordReusePrevention,
      hardExpiry: input.HardExpiry,
    });
    return undefined;
  },
});

const policyShape = (p: PasswordPolicy): PasswordPolicyShape => ({
  MinimumPasswordLength: p.minimumPasswordLength,
  RequireSymbols: p.requireSymbols,
  RequireNumbers: p.requireNumbers,
  RequireUppercaseCharacters: p.requireUppercaseCharacters,
  RequireLowercaseCharacters: p.requireLowercaseCharacters,
  AllowUsersToChangePassword: p.allowUsersToChangePassword,
  ExpirePasswords: p.maxPasswordAge !== undefined,
  ...(p.maxPasswordAge !== undefined && { MaxPasswordAge: p.maxPasswordAge }),
  ...(p.passwordReusePrevention !== undefined && { PasswordReusePrevention: p.passwordReusePrevention }),
  ...(p.hardExpiry !== undefined && { HardExpiry: p.hardExpiry }),
});

export const getAccountPasswordPolicy = iamOperation<
  Record<string, never>,
  { PasswordPolicy: PasswordPolicyShape }
>({
  name: 'GetAccountPasswordPolicy',
  readOnly: true,
  resource: ANY_RESOURCE,
  handler: async (_input, ctx) => {
    const policy = await ctx.tx.passwordPolicies.get(ctx.accountId);
    if (policy === undefined) throw noSuchPasswordPolicy(ctx.accountId);
    return { PasswordPolicy: policyShape(policy) };
  },
});

export const deleteAccountPasswordPolicy = iamOperation<Record<string, never>, undefined>({
  name: 'DeleteAccountPasswordPolicy',
  readOnly: false,
  resource: ANY_RESOURCE,
  handler: async (_input, ctx) => {
    if (!(await ctx.tx.passwordPolicies.delete(ctx.accountId))) throw noSuchPasswordPolicy(ctx.accountId);
    return undefined;
  },
});
