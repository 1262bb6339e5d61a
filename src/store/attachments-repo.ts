import type { Attachment, PolicyEntities } from '../domain/attachment.js';
import type { AccountId } from '../domain/ids.js';
import type { PolicyOwner } from '../domain/inline-policy.js';

/**
 * Managed-policy attachments, by policy ARN: a customer policy of the same account or an
 * AWS-managed one (`arn:aws:iam::aws:policy/...`). The service checks that the policy exists and
 * is attachable, and the per-principal quota, before calling attach.
 */
export interface AttachmentsReader {
  /** ListAttached{User,Group,Role}Policies, ordered by policy name; undefined when no such owner. */
  list(accountId: AccountId, owner: PolicyOwner): Promise<readonly Attachment[] | undefined>;
  /** ListEntitiesForPolicy, each kind ordered by name. */
  listEntities(accountId: AccountId, policyArn: string): Promise<PolicyEntities>;
  /** AttachmentCount, and DeletePolicy's conflict check. */
  countForPolicy(accountId: AccountId, policyArn: string): Promise<number>;
}

export interface AttachmentsRepo extends AttachmentsReader {
  /**
   * Idempotent. 'no-owner' when the principal is missing; 'no-policy' when the ARN is neither a
   * customer policy of this account nor an AWS-managed ARN.
   */
  attach(
    accountId: AccountId,
    owner: PolicyOwner,
    policyArn: string,
  ): Promise<'attached' | 'no-owner' | 'no-policy'>;
  /** false when the owner is missing or the policy was not attached. */
  detach(accountId: AccountId, owner: PolicyOwner, policyArn: string): Promise<boolean>;
}
