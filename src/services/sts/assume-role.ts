/**
 * AssumeRole. Authorization (before the handler) evaluates the role's trust policy as the resource
 * gate together with the caller's own identity policies, cross-account included (see
 * authorization-extras.ts); the handler checks durations, chaining rules, tags and source identity
 * and issues the session.
 */
import { AwsError } from '../../core/aws-error.js';
import { parseArn } from '../../core/arn.js';
import type { AccountId } from '../../domain/ids.js';
import type { SessionTag } from '../../domain/session.js';
import type { OperationContext } from '../operation-context.js';
import { stsOperation } from './define.js';
import { type CredentialsShape, issueSession } from './issue-session.js';
import { policyArnsOf, sessionTagsOf, type TagShape, tagRequestKeys } from './session-inputs.js';

export type AssumeRoleInput = {
  readonly RoleArn: string;
  readonly RoleSessionName: string;
  readonly PolicyArns?: readonly { readonly arn?: string }[];
  readonly Policy?: string;
  readonly DurationSeconds?: number;
  readonly Tags?: readonly TagShape[];
  readonly TransitiveTagKeys?: readonly string[];
  readonly ExternalId?: string;
  readonly SerialNumber?: string;
  readonly TokenCode?: string;
  readonly SourceIdentity?: string;
};

export type AssumeRoleOutput = {
  readonly Credentials: CredentialsShape;
  readonly AssumedRoleUser: { readonly AssumedRoleId: string; readonly Arn: string };
  readonly PackedPolicySize?: number;
  readonly SourceIdentity?: string;
};

/** Role chaining caps sessions at one hour whatever the role allows. */
export const CHAINED_MAX_SECONDS = 3600;
export const DEFAULT_DURATION_SECONDS = 3600;

/** The account and name a role ARN names; ValidationError for anything else. */
export function roleArnParts(roleArn: string): { accountId: AccountId; name: string } {
  const arn = parseArn(roleArn);
  const resource = arn?.resource ?? '';
  if (arn?.service !== 'iam' || !/^\d{12}$/.test(arn.account) || !resource.startsWith('role/')) {
    throw new AwsError('ValidationError', `${roleArn} is invalid`);
  }
  return { accountId: arn.account as AccountId, name: resource.slice(resource.lastIndexOf('/') + 1) };
}

/**
 * Tags for the new session: the caller's transitive tags (role chaining) and the requested ones,
 * which may not override a transitive key. The new transitive set is the inherited keys plus the
 * requested TransitiveTagKeys, which must name requested tags.
 */
export function chainedTags(
  ctx: OperationContext,
  requested: readonly SessionTag[],
  transitive: readonly string[],
): { tags: SessionTag[]; transitiveTagKeys: string[] } {
  const requestedKeys = new Set(requested.map((t) => t.key.toLowerCase()));
  for (const k of transitive) {
    if (!requestedKeys.has(k.toLowerCase())) {
      throw new AwsError(
        'InvalidParameterValue',
        'The specified transitive tag key must be included in the requested tags.',
      );
    }
  }
  const session = ctx.caller.session;
  const inheritedKeys = new Set((session?.transitiveTagKeys ?? []).map((k) => k.toLowerCase()));
  const inherited = (session?.tags ?? []).filter((t) => inheritedKeys.has(t.key.toLowerCase()));
  for (const t of requested) {
    if (inheritedKeys.has(t.key.toLowerCase())) {
      throw new AwsError(
        'InvalidParameterValue',
        "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
      );
    }
  }
  return {
    tags: [...inherited, ...requested],
    transitiveTagKeys: [...inherited.map((t) => t.key), ...transitive],
  };
}

/** The request keys the trust policy sees (the extras add MFA and the caller's own session keys). */
export function assumeRoleRequestKeys(input: AssumeRoleInput): Record<string, string | string[]> {
  const keys: Record<string, string | string[]> = {
    'sts:RoleSessionName': input.RoleSessionName,
    ...tagRequestKeys(sessionTagsOf(input.Tags)),
  };
  if (input.ExternalId !== undefined) keys['sts:ExternalId'] = input.ExternalId;
  if (input.SourceIdentity !== undefined) keys['sts:SourceIdentity'] = input.SourceIdentity;
  if (input.TransitiveTagKeys !== undefined && input.TransitiveTagKeys.length > 0) {
    keys['sts:TransitiveTagKeys'] = [...input.TransitiveTagKeys];
  }
  return keys;
}

export const assumeRole = stsOperation<AssumeRoleInput, AssumeRoleOutput>({
  name: 'AssumeRole',
  readOnly: false,
  resource: (input) => input.RoleArn,
  requestKeys: assumeRoleRequestKeys,
  handler: async (input, ctx) => {
    const { accountId, name } = roleArnParts(input.RoleArn);
    const role = await ctx.tx.roles.get(accountId, name);
    // Authorization found the role a moment ago; gone now is the same denial.
    if (role === undefined) {
      throw new AwsError(
        'AccessDenied',
        `User: ${ctx.caller.principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`,
      );
    }
    const chained = ctx.caller.principal.type === 'assumedRole';
    const duration = input.DurationSeconds ?? DEFAULT_DURATION_SECONDS;
    if (chained && duration > CHAINED_MAX_SECONDS) {
      throw new AwsError(
        'ValidationError',
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      );
    }
    if (duration > role.maxSessionDuration) {
      throw new AwsError(
        'ValidationError',
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      );
    }
    const inheritedSource = ctx.caller.session?.sourceIdentity;
    if (
      inheritedSource !== undefined &&
      input.SourceIdentity !== undefined &&
      input.SourceIdentity !== inheritedSource
    ) {
      throw new AwsError(
        'AccessDenied',
        `User: ${ctx.caller.principal.arn} is not authorized to set source identity: the calling session's source identity ${inheritedSource} cannot be changed`,
      );
    }
    const { tags, transitiveTagKeys } = chainedTags(
      ctx,
      sessionTagsOf(input.Tags),
      input.TransitiveTagKeys ?? [],
    );
    const sourceIdentity = inheritedSource ?? input.SourceIdentity;
    const issued = issueSession(ctx, {
      kind: 'assumedRole',
      accountId,
      durationSeconds: duration,
      role: { id: role.id, name: role.name, arn: role.arn },
      sessionName: input.RoleSessionName,
      policy: input.Policy,
      policyArns: policyArnsOf(input.PolicyArns),
      tags,
      transitiveTagKeys,
      sourceIdentity,
      mfaAuthenticatedAt: ctx.mfaVerifiedAt,
      chainedFrom: chained ? ctx.caller.principal.arn : undefined,
    });
    await ctx.tx.roles.recordLastUsed(accountId, role.name, { date: ctx.now });
    return {
      Credentials: issued.credentials,
      AssumedRoleUser: issued.assumedRoleUser!,
      ...(issued.packedPolicySize !== undefined && { PackedPolicySize: issued.packedPolicySize }),
      ...(sourceIdentity !== undefined && { SourceIdentity: sourceIdentity }),
    };
  },
});
