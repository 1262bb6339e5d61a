/**
 * What every operation that sets a console password shares: the policy and reuse checks, the
 * hashing done before the transaction (`prepare`), and AWS's wording. (Operation modules export
 * operations only: index.ts registers every export.)
 */
import { AwsError } from '../../core/aws-error.js';
import { PASSWORD_POLICY_VIOLATION, passwordRuleViolations } from '../../domain/password-policy.js';
import type { OperationContext, PasswordHashing, PrepareContext } from '../operation-context.js';

/** AWS's wording when a user (or the root, named by the account id) has no console password. */
export const noSuchLoginProfile = (who: string) =>
  new AwsError('NoSuchEntity', `Login Profile for User ${who} cannot be found.`);

export const passwordPolicyViolation = () =>
  new AwsError('PasswordPolicyViolation', PASSWORD_POLICY_VIOLATION);

/** AWS's wording when the account has no custom policy (IAM-FACTS §3.5). */
export const noSuchPasswordPolicy = (accountId: string) =>
  new AwsError('NoSuchEntity', `The Password Policy with domain name ${accountId} cannot be found.`);

export function hashing(ctx: Pick<OperationContext, 'passwords'>): PasswordHashing {
  if (ctx.passwords === undefined)
    throw new Error('login profile operations need the server password hasher');
  return ctx.passwords;
}

/** A new password, checked and hashed by `prepare`, for the handler to store. */
export interface PreparedPassword {
  readonly passwordHash: string;
  /** ChangePassword: the stored hash the old password was verified against. */
  readonly replaces?: string;
}

/** The handler's view of what `prepare` made (a bug if missing). */
export function preparedPassword(ctx: OperationContext): PreparedPassword {
  const p = ctx.prepared as PreparedPassword | undefined;
  if (p === undefined || typeof p.passwordHash !== 'string') throw new Error('the password was not prepared');
  return p;
}

/**
 * Checks `password` against the account policy (AWS's default without one) and, with reuse
 * prevention, against the user's last N passwords (the current one counts as the first), then
 * hashes it: all outside the transaction. Throws PasswordPolicyViolation.
 */
export async function prepareNewPassword(
  ctx: PrepareContext,
  userName: string | undefined,
  password: string,
): Promise<PreparedPassword> {
  const { policy, recent } = await ctx.read(async (r) => {
    const found = await r.passwordPolicies.get(ctx.accountId);
    const depth = found?.passwordReusePrevention ?? 0;
    return {
      policy: found,
      recent: depth > 0 ? await r.loginProfiles.recentHashes(ctx.accountId, userName, depth) : [],
    };
  });
  if (passwordRuleViolations(password, policy).length > 0) throw passwordPolicyViolation();
  const hasher = hashing(ctx);
  if (await passwordReused(hasher, recent, password)) throw passwordPolicyViolation();
  return { passwordHash: await hasher.hash(password) };
}

/** Whether `password` matches any of `hashes` (each is checked: scrypt runs on the thread pool, in parallel). */
export async function passwordReused(
  hasher: PasswordHashing,
  hashes: readonly string[],
  password: string,
): Promise<boolean> {
  const matches = await Promise.all(hashes.map((h) => hasher.verify(password, h)));
  return matches.some(Boolean);
}
