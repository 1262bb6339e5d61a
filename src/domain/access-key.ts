import type { AccessKeyId, AccountId } from './ids.js';

export type AccessKeyStatus = 'Active' | 'Inactive';

export interface AccessKeyLastUsed {
  readonly lastUsedDate: Date;
  readonly serviceName: string;
  readonly region: string;
}

/**
 * A long-term access key. The secret is held only as ciphertext produced by auth/ (AES-256-GCM
 * under the master key): the store never sees, logs or compares a plaintext secret.
 */
export interface AccessKey {
  readonly accountId: AccountId;
  readonly accessKeyId: AccessKeyId;
  /** undefined for the account root user's keys. */
  readonly userName?: string;
  readonly status: AccessKeyStatus;
  readonly createDate: Date;
  readonly secretCiphertext: Buffer;
  readonly lastUsed?: AccessKeyLastUsed;
}
