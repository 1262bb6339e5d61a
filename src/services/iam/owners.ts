import type { PolicyOwner, PolicyOwnerKind } from '../../domain/inline-policy.js';
import type { QuotaKey } from '../../domain/quotas.js';

/** What differs between users, groups and roles for the policy operations, as a table. */
export interface OwnerSpec {
  readonly kind: PolicyOwnerKind;
  /** `User`, `Group`, `Role`: the operation names' middle word. */
  readonly word: 'User' | 'Group' | 'Role';
  /** The input member that names the owner: UserName, GroupName, RoleName. */
  readonly nameKey: 'UserName' | 'GroupName' | 'RoleName';
  readonly attachedQuota: QuotaKey;
  readonly inlineSizeQuota: QuotaKey;
}

export const OWNERS: readonly OwnerSpec[] = [
  {
    kind: 'user',
    word: 'User',
    nameKey: 'UserName',
    attachedQuota: 'attachedPoliciesPerUser',
    inlineSizeQuota: 'userPolicySize',
  },
  {
    kind: 'group',
    word: 'Group',
    nameKey: 'GroupName',
    attachedQuota: 'attachedPoliciesPerGroup',
    inlineSizeQuota: 'groupPolicySize',
  },
  {
    kind: 'role',
    word: 'Role',
    nameKey: 'RoleName',
    attachedQuota: 'attachedPoliciesPerRole',
    inlineSizeQuota: 'rolePolicySize',
  },
];

export const ownerOf = (spec: OwnerSpec, input: Record<string, unknown>): PolicyOwner => ({
  kind: spec.kind,
  name: String(input[spec.nameKey]),
});
