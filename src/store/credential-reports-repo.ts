import type { AccessKeyLastUsed, AccessKeyStatus } from '../domain/access-key.js';
import type { AccountId } from '../domain/ids.js';
import type { User } from '../domain/user.js';

/** A console password's dates, as the credential report shows them. */
export interface PasswordFacts {
  readonly changedAt: Date;
  readonly lastUsed?: Date;
}

/** An access key's report columns (never its secret). */
export interface KeyFacts {
  readonly status: AccessKeyStatus;
  readonly createDate: Date;
  readonly lastUsed?: AccessKeyLastUsed;
}

/**
 * What the credential report is made of, read in one snapshot with one query per table. Keys are
 * oldest first (key 1 is the older), as AWS numbers them.
 */
export interface CredentialFacts {
  readonly accountCreatedAt: Date;
  /** The password policy's MaxPasswordAge in days, when passwords expire. */
  readonly maxPasswordAgeDays?: number;
  readonly users: readonly User[];
  readonly root: {
    readonly password?: PasswordFacts;
    readonly mfaActive: boolean;
    readonly accessKeys: readonly KeyFacts[];
  };
  /** By user id. */
  readonly passwords: ReadonlyMap<string, PasswordFacts>;
  /** Ids of users with at least one enabled MFA device. */
  readonly mfaActive: ReadonlySet<string>;
  readonly accessKeys: ReadonlyMap<string, readonly KeyFacts[]>;
}

/** The account's latest generated report (one per account, replaced on regeneration). */
export interface StoredCredentialReport {
  readonly generatedAt: Date;
  readonly content: string;
}

export interface CredentialReportsReader {
  facts(accountId: AccountId): Promise<CredentialFacts | undefined>;
  get(accountId: AccountId): Promise<StoredCredentialReport | undefined>;
}

export interface CredentialReportsRepo extends CredentialReportsReader {
  put(accountId: AccountId, report: StoredCredentialReport): Promise<void>;
}
