import { AwsError } from '../../core/aws-error.js';
import type { PolicyOwnerKind } from '../../domain/inline-policy.js';
import { type QuotaKey, quotaExceededMessage } from '../../domain/quotas.js';

/** AWS's wording for the entities a call names but the account lacks (IAM-FACTS §3.5). */
export const noSuchUser = (name: string) =>
  new AwsError('NoSuchEntity', `The user with name ${name} cannot be found.`);
export const noSuchGroup = (name: string) =>
  new AwsError('NoSuchEntity', `The group with name ${name} cannot be found.`);
export const noSuchRole = (name: string) =>
  new AwsError('NoSuchEntity', `The role with name ${name} cannot be found.`);
export const noSuchInstanceProfile = (name: string) =>
  new AwsError('NoSuchEntity', `Instance Profile ${name} cannot be found.`);
/** GetPolicy, DeletePolicy, ListPolicyVersions... on an ARN the account does not have. */
export const noSuchPolicy = (arn: string) => new AwsError('NoSuchEntity', `Policy ${arn} was not found.`);
/** Attach*, permissions boundaries: AWS's attach-time wording. */
export const policyNotAttachable = (arn: string) =>
  new AwsError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
export const noSuchPolicyVersion = (arn: string, versionId: string) =>
  new AwsError('NoSuchEntity', `Policy ${arn} version ${versionId} does not exist or is not attachable.`);
export const noSuchInlinePolicy = (kind: PolicyOwnerKind, name: string) =>
  new AwsError('NoSuchEntity', `The ${kind} policy with name ${name} cannot be found.`);

export const noSuchOwner = (kind: PolicyOwnerKind, name: string): AwsError =>
  kind === 'user' ? noSuchUser(name) : kind === 'group' ? noSuchGroup(name) : noSuchRole(name);

export const limitExceeded = (key: QuotaKey) => new AwsError('LimitExceeded', quotaExceededMessage(key));

/** DeleteConflict messages, as AWS words them (observed; see the report for sources). */
export const CONFLICT = {
  accessKeys: 'Cannot delete entity, must delete access keys first.',
  loginProfile: 'Cannot delete entity, must delete login profile first.',
  mfaDevices: 'Cannot delete entity, must delete MFA device first.',
  inlinePolicies: 'Cannot delete entity, must delete policies first.',
  attachedPolicies: 'Cannot delete entity, must detach all policies first.',
  groupMembers: 'Cannot delete entity, must remove users from group first.',
  instanceProfileRoles: 'Cannot delete entity, must remove roles from instance profile first.',
  policyAttached: 'Cannot delete a policy attached to entities.',
  policyVersions:
    "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
  defaultVersion: 'Cannot delete the default version of a policy.',
} as const;

export const deleteConflict = (message: string) => new AwsError('DeleteConflict', message);

/** The first dependency that holds, in the order AWS's API reference lists them. */
export function throwFirstConflict(checks: readonly (readonly [boolean, string])[]): void {
  for (const [blocked, message] of checks) if (blocked) throw deleteConflict(message);
}
