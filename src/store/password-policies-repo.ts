import type { AccountId } from '../domain/ids.js';
import type { PasswordPolicy } from '../domain/password-policy.js';

export interface PasswordPoliciesReader {
  /** The account's custom password policy; undefined when it has none. */
  get(accountId: AccountId): Promise<PasswordPolicy | undefined>;
}

export interface PasswordPoliciesRepo extends PasswordPoliciesReader {
  /** UpdateAccountPasswordPolicy: a full replace (or the first policy). */
  put(policy: PasswordPolicy): Promise<void>;
  /** false when the account has no custom policy. */
  delete(accountId: AccountId): Promise<boolean>;
}
