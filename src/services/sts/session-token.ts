import { AwsError } from '../../core/aws-error.js';
import { ANY_RESOURCE } from '../iam/define.js';
import type { OperationContext } from '../operation-context.js';
import { stsOperation } from './define.js';
import { type CredentialsShape, issueSession } from './issue-session.js';

/** GetSessionToken: 12 hours by default, 36 at most; the root's sessions last at most one hour. */
export const SESSION_TOKEN_DEFAULT_SECONDS = 43_200;
export const ROOT_SESSION_MAX_SECONDS = 3600;

/** GetSessionToken and GetFederationToken take long-term credentials only. */
export function requireLongTermCredentials(ctx: OperationContext, operation: string): void {
  if (ctx.caller.session !== undefined) {
    throw new AwsError('AccessDenied', `Cannot call ${operation} with session credentials`);
  }
}

export const getSessionToken = stsOperation<
  { DurationSeconds?: number; SerialNumber?: string; TokenCode?: string },
  { Credentials: CredentialsShape }
>({
  name: 'GetSessionToken',
  readOnly: true,
  resource: ANY_RESOURCE,
  handler: (input, ctx) => {
    requireLongTermCredentials(ctx, 'GetSessionToken');
    const root = ctx.caller.principal.type === 'root';
    let duration = input.DurationSeconds ?? SESSION_TOKEN_DEFAULT_SECONDS;
    // AWS shortens the root's sessions to an hour rather than refusing the request.
    if (root) duration = Math.min(duration, ROOT_SESSION_MAX_SECONDS);
    const issued = issueSession(ctx, {
      kind: 'sessionUser',
      accountId: ctx.accountId,
      durationSeconds: duration,
      userName: root ? undefined : ctx.caller.userName,
      userId: root ? undefined : ctx.caller.principalId,
      mfaAuthenticatedAt: ctx.mfaVerifiedAt,
    });
    return { Credentials: issued.credentials };
  },
});
