/**
 * What every operation that sets a console password shares: the policy and reuse checks, and
 * AWS's wording. (Operation modules export operations only: index.ts registers every export.)
 */
import { AwsError } from '../../core/aws-error.js';
import {
  PASSWORD_POLICY_VIOLATION,
  type PasswordPolicy,
  passwordRuleViolations,
} from '../../domain/password-policy.js';
import type { OperationContext, PasswordHashing } from '../operation-context.js';

/** AWS's wording when a user (or the root, named by the account id) has no console password. */
export const noSuchLoginProfile = (who: string) =>
  new AwsError('NoSuchEntity', `Login Profile for User ${who} cannot be found.`);

const passwordPolicyViolation = () => new AwsError('PasswordPolicyViolation', PASSWORD_POLICY_VIOLATION);

export function hashing(ctx: OperationContext): PasswordHashing {
  if (ctx.passwords === undefined)
    throw new Error('login profile operations need the server password hasher');
  return ctx.passwords;
}

/**
 * Whether `password` passes the policy and, with reuse prevention, repeats none of the user's
 * last N passwords (the current one counts as the first of them). Throws PasswordPolicyViolation.
 */
export async function checkNewPassword(
  ctx: OperationContext,
  policy: PasswordPolicy | undefined,
  userName: string | undefined,
  password: string,
): Promise<void> {
  if (passwordRuleViolations(password, policy).length > 0) throw passwordPolicyViolation();
  const depth = policy?.passwordReusePrevention ?? 0;
  if (depth === 0) return;
  const previous = await ctx.tx.loginProfiles.recentHashes(ctx.accountId, userName, depth);
  const hasher = hashing(ctx);
  // All are checked (scrypt runs on the thread pool, in parallel), whatever matches first.
  const matches = await Promise.all(previous.map((h) => hasher.verify(password, h)));
  if (matches.some(Boolean)) throw passwordPolicyViolation();
}

/** Checks and stores a user's new password (ChangePassword; a forced change at sign-in). */
export async function changeOwnPassword(
  ctx: OperationContext,
  policy: PasswordPolicy | undefined,
  userName: string | undefined,
  newPassword: string,
): Promise<void> {
  await checkNewPassword(ctx, policy, userName, newPassword);
  await ctx.tx.loginProfiles.setPassword(ctx.accountId, userName, {
    passwordHash: await hashing(ctx).hash(newPassword),
    at: ctx.now,
    passwordResetRequired: false,
  });
}

/** AWS's wording when the account has no custom policy (IAM-FACTS §3.5). */
export const noSuchPasswordPolicy = (accountId: string) =>
  new AwsError('NoSuchEntity', `The Password Policy with domain name ${accountId} cannot be found.`);
