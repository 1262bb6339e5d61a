import type { AccountId } from '../domain/ids.js';

/**
 * A console password: an IAM user's login profile, or the root user's password (userName
 * undefined). The hash is auth/password-hash.ts's self-describing scrypt string; the store never
 * sees a password.
 */
export interface LoginProfile {
  readonly accountId: AccountId;
  /** undefined: the account root user. */
  readonly userName?: string;
  readonly createDate: Date;
  readonly passwordHash: string;
  /** When the password was last set (expiry counts from here). */
  readonly passwordChangedAt: Date;
  readonly passwordResetRequired: boolean;
  /** Last successful sign-in. */
  readonly passwordLastUsed?: Date;
}

export interface NewPassword {
  readonly passwordHash: string;
  readonly at: Date;
  /** undefined leaves the flag as it is (UpdateLoginProfile without PasswordResetRequired). */
  readonly passwordResetRequired?: boolean | undefined;
}

export interface LoginProfilesReader {
  /** undefined when there is no such user or it has no password. */
  get(accountId: AccountId, userName: string | undefined): Promise<LoginProfile | undefined>;
  /**
   * The hashes of the current password and the ones before it, newest first, at most `limit`
   * (password reuse prevention).
   */
  recentHashes(accountId: AccountId, userName: string | undefined, limit: number): Promise<readonly string[]>;
}

export interface LoginProfilesRepo extends LoginProfilesReader {
  /** CreateLoginProfile: 'no-user' when the user does not exist, 'exists' when it has one already. */
  create(
    accountId: AccountId,
    userName: string,
    password: NewPassword,
  ): Promise<LoginProfile | 'no-user' | 'exists'>;
  /**
   * A new password for an existing profile (UpdateLoginProfile, ChangePassword, a forced change at
   * sign-in); the previous hash joins the history (the newest 24 are kept). With `createRoot` the
   * root user's password is created when missing (`root set-password`). false when missing.
   */
  setPassword(
    accountId: AccountId,
    userName: string | undefined,
    password: NewPassword,
    options?: { readonly createRoot?: boolean },
  ): Promise<boolean>;
  /** UpdateLoginProfile with PasswordResetRequired only. false when missing. */
  setResetRequired(accountId: AccountId, userName: string, required: boolean): Promise<boolean>;
  /** Deletes the profile and its password history; false when missing. */
  delete(accountId: AccountId, userName: string | undefined): Promise<boolean>;
  /**
   * A successful sign-in (PasswordLastUsed, also on the user for GetUser). Usage tracking: it does
   * not raise the account generation.
   */
  recordSignIn(accountId: AccountId, userName: string | undefined, at: Date): Promise<void>;
}
