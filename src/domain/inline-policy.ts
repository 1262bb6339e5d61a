import type { AccountId } from './ids.js';

export type PolicyOwnerKind = 'user' | 'group' | 'role';

/** Whose policy: services address principals by name, as the API does. */
export interface PolicyOwner {
  readonly kind: PolicyOwnerKind;
  readonly name: string;
}

export interface InlinePolicy {
  readonly accountId: AccountId;
  readonly owner: PolicyOwner;
  /** Unique per owner, compared exactly. */
  readonly name: string;
  readonly document: string;
}
