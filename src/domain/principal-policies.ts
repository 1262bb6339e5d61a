import type { AccountId } from './ids.js';
import type { PolicyOwnerKind } from './inline-policy.js';
import type { Tag } from './tag.js';

export type PrincipalRef = { readonly kind: 'user' | 'role'; readonly name: string };

/** One identity-based policy that applies to a principal, and where it came from. */
export interface SourcedPolicy {
  readonly source: 'inline' | 'managed';
  /** Who holds it: the principal itself, or (for users) one of its groups. */
  readonly ownerKind: PolicyOwnerKind;
  readonly ownerName: string;
  /** Inline policy name, or the managed policy's ARN. */
  readonly name: string;
  readonly arn?: string;
  readonly versionId?: string;
  readonly document: string;
}

/**
 * Everything authorization needs about one principal, read in one consistent snapshot. A managed
 * policy attached to a missing ARN (cannot happen through the API) is left out, not invented.
 */
export interface PrincipalPolicies {
  readonly accountId: AccountId;
  /** The account's generation when this was read: cache the compiled result under it. */
  readonly generation: number;
  readonly principal: {
    readonly kind: 'user' | 'role';
    readonly id: string;
    readonly name: string;
    readonly path: string;
    readonly arn: string;
    readonly tags: readonly Tag[];
  };
  readonly groups: readonly { readonly name: string; readonly arn: string }[];
  /** Inline and attached policies of the principal and (users) of every group, principal's first. */
  readonly identityPolicies: readonly SourcedPolicy[];
  /**
   * Present when the principal has a boundary. document is undefined when the ARN resolves to no
   * policy: treat that boundary as allowing nothing, never as absent.
   */
  readonly permissionsBoundary?: { readonly arn: string; readonly document: string | undefined };
}
