import type { AccountId } from '../domain/ids.js';
import type { InlinePolicy, PolicyOwner } from '../domain/inline-policy.js';

export interface InlinePoliciesReader {
  get(accountId: AccountId, owner: PolicyOwner, policyName: string): Promise<InlinePolicy | undefined>;
  /** List{User,Group,Role}Policies: names in order; undefined when there is no such owner. */
  listNames(accountId: AccountId, owner: PolicyOwner): Promise<readonly string[] | undefined>;
  /** All documents of an owner, for the aggregate size quota. */
  list(accountId: AccountId, owner: PolicyOwner): Promise<readonly InlinePolicy[] | undefined>;
}

export interface InlinePoliciesRepo extends InlinePoliciesReader {
  /** Put{User,Group,Role}Policy: creates or replaces. false when there is no such owner. */
  put(accountId: AccountId, owner: PolicyOwner, policyName: string, document: string): Promise<boolean>;
  delete(accountId: AccountId, owner: PolicyOwner, policyName: string): Promise<boolean>;
}
