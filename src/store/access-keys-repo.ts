import type { AccessKey, AccessKeyLastUsed, AccessKeyStatus } from '../domain/access-key.js';
import type { AccessKeyId, AccountId } from '../domain/ids.js';

export interface NewAccessKey {
  readonly accessKeyId: AccessKeyId;
  /** undefined: the account root user. */
  readonly userName?: string;
  readonly status: AccessKeyStatus;
  readonly createDate: Date;
  /** Encrypted by auth/; opaque here. */
  readonly secretCiphertext: Buffer;
}

export interface AccessKeysReader {
  /**
   * Credential resolution: a SigV4 request names a key id and no account, so this is the one read
   * not scoped by an account (key ids are globally unique). The answer carries the account.
   */
  find(accessKeyId: AccessKeyId): Promise<AccessKey | undefined>;
  get(accountId: AccountId, accessKeyId: AccessKeyId): Promise<AccessKey | undefined>;
  /** ListAccessKeys (at most 2 by quota): a user's keys, or the root's when userName is undefined. */
  list(accountId: AccountId, userName: string | undefined): Promise<readonly AccessKey[] | undefined>;
  /** Any key of the account root (GetAccountSummary's AccountAccessKeysPresent). */
  countForRoot(accountId: AccountId): Promise<number>;
}

export interface AccessKeysRepo extends AccessKeysReader {
  /** undefined when the named user does not exist. */
  create(accountId: AccountId, input: NewAccessKey): Promise<AccessKey | undefined>;
  /**
   * The key must belong to the named user (or to the root when userName is undefined), as
   * UpdateAccessKey/DeleteAccessKey require; false otherwise.
   */
  updateStatus(
    accountId: AccountId,
    userName: string | undefined,
    accessKeyId: AccessKeyId,
    status: AccessKeyStatus,
  ): Promise<boolean>;
  delete(accountId: AccountId, userName: string | undefined, accessKeyId: AccessKeyId): Promise<boolean>;
  /** Usage tracking, written on the request path: does not raise the generation. */
  recordLastUsed(
    accountId: AccountId,
    accessKeyId: AccessKeyId,
    lastUsed: AccessKeyLastUsed,
  ): Promise<boolean>;
}
