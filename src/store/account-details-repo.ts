import type { Group } from '../domain/group.js';
import type { AccountId } from '../domain/ids.js';
import type { PolicyOwnerKind } from '../domain/inline-policy.js';
import type { InstanceProfile } from '../domain/instance-profile.js';
import type { ManagedPolicy, PolicyVersion } from '../domain/managed-policy.js';
import type { Role } from '../domain/role.js';
import type { Tag } from '../domain/tag.js';
import type { User } from '../domain/user.js';

/** `user:<id>`, `group:<id>`, `role:<id>`: the key the maps below use for an owner. */
export type OwnerKey = `${PolicyOwnerKind}:${string}`;
export const ownerKey = (kind: PolicyOwnerKind, id: string): OwnerKey => `${kind}:${id}`;

export interface AttachedPolicyRef {
  readonly policyName: string;
  readonly policyArn: string;
}

/** An AWS-managed policy the account uses (attached or as a boundary), with its usage counts. */
export interface AwsManagedPolicyUse {
  readonly arn: string;
  readonly attachmentCount: number;
  readonly permissionsBoundaryUsageCount: number;
}

/**
 * Everything GetAccountAuthorizationDetails reports about one account, read in one snapshot with
 * one query per table (not one per entity). Lists are ordered by name, case-insensitively.
 */
export interface AccountDetails {
  readonly users: readonly User[];
  readonly groups: readonly Group[];
  readonly roles: readonly Role[];
  /** Customer-managed policies with their usage counts. */
  readonly policies: readonly ManagedPolicy[];
  /** Every version of each customer policy, newest first, keyed by policy ARN. */
  readonly policyVersions: ReadonlyMap<string, readonly PolicyVersion[]>;
  readonly awsManagedInUse: readonly AwsManagedPolicyUse[];
  /** User id -> names of its groups, by name. */
  readonly groupNamesByUser: ReadonlyMap<string, readonly string[]>;
  readonly attachments: ReadonlyMap<OwnerKey, readonly AttachedPolicyRef[]>;
  /** Inline policies by owner, ordered by policy name. */
  readonly inlinePolicies: ReadonlyMap<OwnerKey, readonly { name: string; document: string }[]>;
  /** Tags of users and roles, keyed `user:<id>` / `role:<id>`. */
  readonly tags: ReadonlyMap<OwnerKey, readonly Tag[]>;
  /** Role id -> the instance profiles holding it. */
  readonly instanceProfilesByRole: ReadonlyMap<string, readonly InstanceProfile[]>;
}

export interface AccountDetailsReader {
  read(accountId: AccountId): Promise<AccountDetails>;
}
