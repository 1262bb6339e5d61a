/**
 * What AssumeRoleWithWebIdentity and AssumeRoleWithSAML do once the trust policy has allowed the
 * call: check the duration against the role, issue the role session, note the role's last use,
 * and answer the members both responses share.
 */
import { AwsError } from '../../core/aws-error.js';
import type { AccountId } from '../../domain/ids.js';
import type { Role } from '../../domain/role.js';
import type { SessionIssuer, SessionTag } from '../../domain/session.js';
import type { OperationContext } from '../operation-context.js';
import { type CredentialsShape, issueSession } from './issue-session.js';
import { policyArnsOf } from './session-inputs.js';

export interface FederatedSessionRequest {
  readonly accountId: AccountId;
  readonly role: Role;
  readonly durationSeconds: number;
  readonly sessionName: string;
  /** The request's session policies, as given. */
  readonly input: { readonly Policy?: string; readonly PolicyArns?: readonly { readonly arn?: string }[] };
  readonly tags: readonly SessionTag[];
  readonly transitiveTagKeys: readonly string[];
  readonly sourceIdentity: string | undefined;
  readonly issuer: SessionIssuer;
}

export interface FederatedSessionOutput {
  readonly Credentials: CredentialsShape;
  readonly AssumedRoleUser: { readonly AssumedRoleId: string; readonly Arn: string };
  readonly PackedPolicySize?: number;
  readonly SourceIdentity?: string;
}

export async function issueFederatedSession(
  ctx: OperationContext,
  req: FederatedSessionRequest,
): Promise<FederatedSessionOutput> {
  const { role } = req;
  if (req.durationSeconds > role.maxSessionDuration) {
    throw new AwsError(
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }
  const issued = issueSession(ctx, {
    kind: 'assumedRole',
    accountId: req.accountId,
    durationSeconds: req.durationSeconds,
    role: { id: role.id, name: role.name, arn: role.arn },
    sessionName: req.sessionName,
    policy: req.input.Policy,
    policyArns: policyArnsOf(req.input.PolicyArns),
    tags: req.tags,
    transitiveTagKeys: req.transitiveTagKeys,
    sourceIdentity: req.sourceIdentity,
    issuer: req.issuer,
  });
  await ctx.tx.roles.recordLastUsed(req.accountId, role.name, { date: ctx.now });
  return {
    Credentials: issued.credentials,
    AssumedRoleUser: issued.assumedRoleUser!,
    ...(issued.packedPolicySize !== undefined && { PackedPolicySize: issued.packedPolicySize }),
    ...(req.sourceIdentity !== undefined && { SourceIdentity: req.sourceIdentity }),
  };
}
