import type { AccountId } from './ids.js';

export interface Account {
  readonly id: AccountId;
  /** The account alias (one per account, unique across accounts); see account-alias rules in names.ts. */
  readonly alias?: string;
  readonly createdAt: Date;
}

/** GetAccountSummary's entity counts; the service adds the quota keys from QUOTAS. */
export interface AccountUsage {
  readonly users: number;
  readonly groups: number;
  readonly roles: number;
  readonly policies: number;
  readonly policyVersionsInUse: number;
  readonly instanceProfiles: number;
  readonly accountAccessKeysPresent: boolean;
}
