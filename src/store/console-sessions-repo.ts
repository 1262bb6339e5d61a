import type { AccountId } from '../domain/ids.js';

/**
 * A signed-in person's server-side session. Only hashes of the session token and the anti-CSRF
 * token are stored (SHA-256 of 32 random bytes each): a copy of the database opens no session.
 */
export interface ConsoleSession {
  /** SHA-256 of the session token (hex), the key. */
  readonly tokenHash: string;
  readonly accountId: AccountId;
  /** undefined: the account root user. */
  readonly userName?: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  /** Set when the sign-in verified an MFA code. */
  readonly mfaAuthenticatedAt?: Date;
  /** SHA-256 of the anti-CSRF token (hex). */
  readonly csrfHash: string;
}

export interface ConsoleSessionsReader {
  /**
   * A cookie names a token, not an account, so this read is not scoped by an account (like
   * accessKeys.find); the answer carries it. undefined when unknown.
   */
  find(tokenHash: string): Promise<ConsoleSession | undefined>;
}

/** Session writes change no authorization decision: none raises the account generation. */
export interface ConsoleSessionsRepo extends ConsoleSessionsReader {
  create(session: ConsoleSession): Promise<void>;
  /** Sign-out; false when there was no such session in the account. */
  delete(accountId: AccountId, tokenHash: string): Promise<boolean>;
  /** Ends every session of a user (root: undefined), e.g. when its password is reset. */
  deleteFor(accountId: AccountId, userName: string | undefined): Promise<number>;
  /** Removes sessions expired before `now`, in every account (housekeeping). */
  deleteExpired(now: Date): Promise<number>;
}
