import type { AccountId } from './ids.js';
import type { PolicyOwner } from './inline-policy.js';

/** A managed policy (customer or AWS-managed, by ARN) attached to a user, group or role. */
export interface Attachment {
  readonly accountId: AccountId;
  readonly owner: PolicyOwner;
  readonly policyArn: string;
  readonly policyName: string;
}

/** ListEntitiesForPolicy's answer. */
export interface PolicyEntities {
  readonly users: readonly { readonly name: string; readonly id: string }[];
  readonly groups: readonly { readonly name: string; readonly id: string }[];
  readonly roles: readonly { readonly name: string; readonly id: string }[];
}
