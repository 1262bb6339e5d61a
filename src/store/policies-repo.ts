import type { AccountId, PolicyId } from '../domain/ids.js';
import type { ManagedPolicy, PolicyVersion } from '../domain/managed-policy.js';
import type { Page, PathPrefixRequest } from './page.js';

export interface NewManagedPolicy {
  readonly id: PolicyId;
  readonly name: string;
  readonly path: string;
  readonly description?: string;
  /** Becomes v1, the default version. */
  readonly document: string;
  readonly createDate: Date;
}

export interface ListPoliciesRequest extends PathPrefixRequest {
  /** ListPolicies' OnlyAttached. */
  readonly onlyAttached?: boolean;
}

/**
 * Customer-managed policies of one account, addressed by ARN as the API does. An ARN of another
 * account or of an AWS-managed policy is simply not found here: AWS-managed policies are served by
 * the AwsManagedPolicyCatalog (see Store.awsManagedPolicies). The 5-version quota is the service's;
 * the store counts.
 */
export interface PoliciesReader {
  get(accountId: AccountId, arn: string): Promise<ManagedPolicy | undefined>;
  getByName(accountId: AccountId, name: string): Promise<ManagedPolicy | undefined>;
  list(accountId: AccountId, request?: ListPoliciesRequest): Promise<Page<ManagedPolicy>>;
  count(accountId: AccountId): Promise<number>;
  getVersion(accountId: AccountId, arn: string, versionId: string): Promise<PolicyVersion | undefined>;
  /** Newest first, as ListPolicyVersions answers (at most 5 by quota, so not paged). */
  listVersions(accountId: AccountId, arn: string): Promise<readonly PolicyVersion[] | undefined>;
  countVersions(accountId: AccountId, arn: string): Promise<number>;
}

export interface PoliciesRepo extends PoliciesReader {
  create(accountId: AccountId, input: NewManagedPolicy): Promise<ManagedPolicy>;
  /** Adds the next version (never reusing a number); undefined when there is no such policy. */
  createVersion(
    accountId: AccountId,
    arn: string,
    input: { readonly document: string; readonly setAsDefault: boolean; readonly createDate: Date },
  ): Promise<PolicyVersion | undefined>;
  setDefaultVersion(accountId: AccountId, arn: string, versionId: string, updateDate: Date): Promise<boolean>;
  /** Refuses (false) the default version as well as a missing one: the service tells them apart. */
  deleteVersion(accountId: AccountId, arn: string, versionId: string): Promise<boolean>;
  /** Deletes the policy, all its versions and tags; the service checks attachments first. */
  delete(accountId: AccountId, arn: string): Promise<boolean>;
}
