/**
 * Issuing temporary credentials: the one function every STS operation that hands out credentials
 * calls (AssumeRole, GetSessionToken, GetFederationToken here; AssumeRoleWithWebIdentity and
 * AssumeRoleWithSAML in the federation module).
 *
 *   const issued = issueSession(ctx, {
 *     kind: 'assumedRole', accountId: role.accountId, role, sessionName: 'alice',
 *     durationSeconds: 3600, policies, tags, transitiveTagKeys, sourceIdentity,
 *     mfaAuthenticatedAt, issuer: { kind: 'web-identity', provider, subject, keys },
 *   });
 *   return { Credentials: issued.credentials, AssumedRoleUser: issued.assumedRoleUser,
 *            PackedPolicySize: issued.packedPolicySize };
 *
 * It checks what every issuer must (session policy grammar, the packed-size allotment), makes an
 * ASIA key id and a 40-character secret, and seals the claims into the session token. It does
 * NOT authorize (the trust policy was evaluated before the handler ran) and does not check
 * DurationSeconds against the role (each operation has its own limits): callers pass a duration
 * they have validated.
 */
import { randomBytes } from 'node:crypto';
import { AwsError } from '../../core/aws-error.js';
import {
  assumedRoleArn,
  federatedUserArn,
  type SessionClaims,
  type SessionIssuer,
  type SessionKind,
  type SessionPolicies,
  type SessionTag,
} from '../../domain/session.js';
import { checkPolicyDocument } from '../iam/documents.js';
import type { OperationContext } from '../operation-context.js';
import { checkPackedSize, packedPolicySize } from './packed-policy.js';

export interface SessionRequest {
  readonly kind: SessionKind;
  /** The account the session belongs to (the role's account for assumed roles). */
  readonly accountId: string;
  readonly durationSeconds: number;
  /** assumedRole: the role assumed. */
  readonly role?: { readonly id: string; readonly name: string; readonly arn: string } | undefined;
  /** assumedRole: RoleSessionName; federatedUser: Name. */
  readonly sessionName?: string | undefined;
  /** sessionUser / federatedUser: the calling user (undefined: the root). */
  readonly userName?: string | undefined;
  readonly userId?: string | undefined;
  /** Policy (as passed; it is validated and minified here) and PolicyArns. */
  readonly policy?: string | undefined;
  readonly policyArns?: readonly string[] | undefined;
  readonly tags?: readonly SessionTag[] | undefined;
  readonly transitiveTagKeys?: readonly string[] | undefined;
  readonly sourceIdentity?: string | undefined;
  readonly mfaAuthenticatedAt?: Date | undefined;
  /** The ARN of the session doing the assuming, when it is one (role chaining). */
  readonly chainedFrom?: string | undefined;
  readonly issuer?: SessionIssuer | undefined;
}

/** The STS `Credentials` shape. */
export interface CredentialsShape {
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  readonly SessionToken: string;
  readonly Expiration: Date;
}

export interface IssuedSession {
  readonly claims: SessionClaims;
  readonly credentials: CredentialsShape;
  /** assumedRole: `{AssumedRoleId: 'AROA...:session', Arn: 'arn:aws:sts::...:assumed-role/R/session'}`. */
  readonly assumedRoleUser?: { readonly AssumedRoleId: string; readonly Arn: string } | undefined;
  /** federatedUser: `{FederatedUserId: 'ACCT:Name', Arn: 'arn:aws:sts::...:federated-user/Name'}`. */
  readonly federatedUser?: { readonly FederatedUserId: string; readonly Arn: string } | undefined;
  /** Percentage of the packed allotment used (present when session policies or tags were passed). */
  readonly packedPolicySize?: number | undefined;
}

/** 40 characters of base64's alphabet from a CSPRNG, like AWS's secrets. */
const newSecret = (): string => randomBytes(30).toString('base64');

/** Validates, packs and seals; throws MalformedPolicyDocument or PackedPolicyTooLarge. */
export function issueSession(
  ctx: Pick<OperationContext, 'now' | 'partition' | 'sessionTokens'>,
  req: SessionRequest,
): IssuedSession {
  const codec = ctx.sessionTokens;
  if (codec === undefined) throw new Error('issueSession needs the server-provided session token codec');
  let policies: SessionPolicies | undefined;
  if (req.policy !== undefined || (req.policyArns !== undefined && req.policyArns.length > 0)) {
    let inline: string | undefined;
    if (req.policy !== undefined) {
      checkPolicyDocument(req.policy, { kind: 'session', id: 'session-policy', partition: ctx.partition });
      inline = minify(req.policy);
    }
    policies = { inline, arns: [...(req.policyArns ?? [])] };
  }
  const tags = req.tags ?? [];
  const packed = policies !== undefined || tags.length > 0 ? packedPolicySize(policies, tags) : undefined;
  if (packed !== undefined) checkPackedSize(packed, tags.length > 0);
  if (req.kind === 'federatedUser') policies ??= { arns: [] };

  const accessKeyId = codec.newAccessKeyId(req.accountId);
  const secretAccessKey = newSecret();
  const issuedAt = new Date(Math.floor(ctx.now.getTime() / 1000) * 1000);
  const expiresAt = new Date(issuedAt.getTime() + req.durationSeconds * 1000);
  const claims: SessionClaims = {
    accountId: req.accountId,
    kind: req.kind,
    accessKeyId,
    secretAccessKey,
    issuedAt,
    expiresAt,
    mfaAuthenticatedAt: req.mfaAuthenticatedAt,
    role: req.role && { id: req.role.id, name: req.role.name, arn: req.role.arn },
    sessionName: req.sessionName,
    userName: req.userName,
    userId: req.userId,
    policies,
    tags: tags.length > 0 ? tags : undefined,
    transitiveTagKeys: req.transitiveTagKeys,
    sourceIdentity: req.sourceIdentity,
    chainedFrom: req.chainedFrom,
    issuer: req.issuer,
  };
  const credentials: CredentialsShape = {
    AccessKeyId: accessKeyId,
    SecretAccessKey: secretAccessKey,
    SessionToken: codec.seal(claims),
    Expiration: expiresAt,
  };
  let assumedRoleUser: IssuedSession['assumedRoleUser'];
  let federatedUser: IssuedSession['federatedUser'];
  if (req.kind === 'assumedRole') {
    if (req.role === undefined || req.sessionName === undefined)
      throw new Error('assumedRole needs role and sessionName');
    assumedRoleUser = {
      AssumedRoleId: `${req.role.id}:${req.sessionName}`,
      Arn: assumedRoleArn(req.accountId, req.role.name, req.sessionName, ctx.partition),
    };
  } else if (req.kind === 'federatedUser') {
    if (req.sessionName === undefined) throw new Error('federatedUser needs sessionName');
    federatedUser = {
      FederatedUserId: `${req.accountId}:${req.sessionName}`,
      Arn: federatedUserArn(req.accountId, req.sessionName, ctx.partition),
    };
  }
  return { claims, credentials, assumedRoleUser, federatedUser, packedPolicySize: packed };
}

/** A session policy as carried: its JSON re-serialized without white space. */
function minify(document: string): string {
  try {
    return JSON.stringify(JSON.parse(document));
  } catch {
    throw new AwsError('MalformedPolicyDocument', 'The policy is not in the valid JSON format.');
  }
}
