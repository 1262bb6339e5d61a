/**
 * A temporary session (STS credentials) as its sealed session token carries it. Nothing about a
 * session is stored: the token is self-contained (see auth/session-token.ts), so issuing one costs
 * no write and resolving one costs no read beyond the principal's policies.
 */

/** Who a session acts as: a role (AssumeRole*), a federated user (GetFederationToken), or the user itself (GetSessionToken). */
export type SessionKind = 'assumedRole' | 'federatedUser' | 'sessionUser';

export interface SessionTag {
  readonly key: string;
  readonly value: string;
}

/** Session policies, as passed (Policy minified, PolicyArns as given). */
export interface SessionPolicies {
  readonly inline?: string | undefined;
  readonly arns: readonly string[];
}

/** How a federated session was vouched for (AssumeRoleWithWebIdentity / AssumeRoleWithSAML). */
export interface SessionIssuer {
  readonly kind: 'web-identity' | 'saml';
  /** The provider ARN (`arn:aws:iam::ACCT:oidc-provider/host`, `...:saml-provider/Name`). */
  readonly provider: string;
  /** The identity's subject (`sub` claim, SAML NameID). */
  readonly subject?: string | undefined;
  /** Condition keys the provider contributes (`host/path:sub`, `saml:aud`...), lower-cased names, kept for the session's own calls. */
  readonly keys?: Readonly<Record<string, string>> | undefined;
}

export interface SessionClaims {
  readonly accountId: string;
  readonly kind: SessionKind;
  /** ASIA... */
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  /** When MFA was verified for these credentials (or the credentials they were made from). */
  readonly mfaAuthenticatedAt?: Date | undefined;
  /** assumedRole: the role. */
  readonly role?: { readonly id: string; readonly name: string; readonly arn: string } | undefined;
  /** assumedRole: RoleSessionName; federatedUser: the Name given to GetFederationToken. */
  readonly sessionName?: string | undefined;
  /**
   * sessionUser and federatedUser: the long-term identity behind the session, a user name, or
   * undefined for the account root.
   */
  readonly userName?: string | undefined;
  /** The user's unique id (AIDA...) for sessionUser/federatedUser sessions of a user. */
  readonly userId?: string | undefined;
  readonly policies?: SessionPolicies | undefined;
  readonly tags?: readonly SessionTag[] | undefined;
  /** Tag keys that pass on to a role this session assumes (lower-cased comparison, stored as given). */
  readonly transitiveTagKeys?: readonly string[] | undefined;
  readonly sourceIdentity?: string | undefined;
  /** The ARN of the session this one was assumed from (role chaining). */
  readonly chainedFrom?: string | undefined;
  readonly issuer?: SessionIssuer | undefined;
}

/** Seals and opens session tokens (auth/ owns the format; services get this capability). */
export interface SessionTokenCodec {
  seal(claims: SessionClaims): string;
  /** The claims, or undefined for a token that is not one of ours (tampered, foreign, truncated). */
  open(token: string): SessionClaims | undefined;
  /** A new ASIA key id that encodes its account (as AWS's key ids do), for GetAccessKeyInfo. */
  newAccessKeyId(accountId: string): string;
  /** The account an ASIA key id of ours encodes (any well-formed id decodes to some account, as in AWS). */
  accountOf(accessKeyId: string): string | undefined;
}

/** `arn:aws:sts::ACCT:assumed-role/RoleName/SessionName` (the role's path is not part of it). */
export const assumedRoleArn = (account: string, roleName: string, sessionName: string, partition = 'aws') =>
  `arn:${partition}:sts::${account}:assumed-role/${roleName}/${sessionName}`;

/** `arn:aws:sts::ACCT:federated-user/Name`. */
export const federatedUserArn = (account: string, name: string, partition = 'aws') =>
  `arn:${partition}:sts::${account}:federated-user/${name}`;
