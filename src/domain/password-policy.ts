/**
 * The account password policy and the rules a new password must meet (IAM-FACTS §7).
 *
 * With a custom policy, its rules apply. Without one, AWS's default applies: at least 8
 * characters and at least three of the four character classes (upper case, lower case, digits,
 * symbols), no expiry, no reuse prevention, and users may not change their own password unless
 * an identity policy lets them.
 */
import type { AccountId } from './ids.js';

export interface PasswordPolicy {
  readonly accountId: AccountId;
  /** 6..128; 6 when UpdateAccountPasswordPolicy omits it. */
  readonly minimumPasswordLength: number;
  readonly requireSymbols: boolean;
  readonly requireNumbers: boolean;
  readonly requireUppercaseCharacters: boolean;
  readonly requireLowercaseCharacters: boolean;
  readonly allowUsersToChangePassword: boolean;
  /** Days, 1..1095; undefined: passwords never expire. */
  readonly maxPasswordAge?: number | undefined;
  /** 1..24 previous passwords a new one may not repeat; undefined: off. */
  readonly passwordReusePrevention?: number | undefined;
  /** An expired password can only be reset by an administrator. */
  readonly hardExpiry?: boolean | undefined;
}

/** The symbols AWS's policy counts (`! @ # $ % ^ & * ( ) _ + - = [ ] { } | '`). */
export const PASSWORD_SYMBOLS = "!@#$%^&*()_+-=[]{}|'";

/** The most previous passwords a policy may remember (and so the most the store keeps). */
export const MAX_PASSWORD_REUSE_PREVENTION = 24;

/** AWS's default rules when the account has no custom policy. */
export const DEFAULT_MINIMUM_LENGTH = 8;
const DEFAULT_CLASSES_REQUIRED = 3;

/** AWS's wording for every violation (it does not say which rule failed). */
export const PASSWORD_POLICY_VIOLATION = 'Password does not conform to the account password policy.';

const classes = (password: string) => ({
  upper: /[A-Z]/.test(password),
  lower: /[a-z]/.test(password),
  number: /[0-9]/.test(password),
  symbol: [...password].some((c) => PASSWORD_SYMBOLS.includes(c)),
});

/**
 * The rules `password` breaks under `policy` (AWS's default when undefined), as short phrases for
 * the sign-in page; an empty list means it passes. Reuse is checked separately (it needs hashes).
 */
export function passwordRuleViolations(password: string, policy: PasswordPolicy | undefined): string[] {
  const length = [...password].length;
  const has = classes(password);
  const broken: string[] = [];
  if (policy === undefined) {
    if (length < DEFAULT_MINIMUM_LENGTH) broken.push(`at least ${DEFAULT_MINIMUM_LENGTH} characters`);
    const present = [has.upper, has.lower, has.number, has.symbol].filter(Boolean).length;
    if (present < DEFAULT_CLASSES_REQUIRED) {
      broken.push('at least three of: upper case letters, lower case letters, numbers, symbols');
    }
    return broken;
  }
  if (length < policy.minimumPasswordLength)
    broken.push(`at least ${policy.minimumPasswordLength} characters`);
  if (policy.requireUppercaseCharacters && !has.upper) broken.push('an upper case letter');
  if (policy.requireLowercaseCharacters && !has.lower) broken.push('a lower case letter');
  if (policy.requireNumbers && !has.number) broken.push('a number');
  if (policy.requireSymbols && !has.symbol) broken.push(`a symbol (${PASSWORD_SYMBOLS})`);
  return broken;
}

const DAY_MS = 86_400_000;

/** When a password changed at `changedAt` expires under `policy`; undefined: never. */
export function passwordExpiresAt(policy: PasswordPolicy | undefined, changedAt: Date): Date | undefined {
  const days = policy?.maxPasswordAge;
  return days === undefined ? undefined : new Date(changedAt.getTime() + days * DAY_MS);
}

export const isPasswordExpired = (
  policy: PasswordPolicy | undefined,
  changedAt: Date,
  now: Date,
): boolean => {
  const at = passwordExpiresAt(policy, changedAt);
  return at !== undefined && now.getTime() >= at.getTime();
};

/**
 * The root user's password rules (AWS: 8 to 128 characters, three of the four classes); the
 * account password policy governs IAM users only.
 */
export const rootPasswordViolations = (password: string): string[] =>
  passwordRuleViolations(password, undefined);
