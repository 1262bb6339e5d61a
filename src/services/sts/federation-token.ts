import { stsArn } from '../../core/arn.js';
import { stsOperation } from './define.js';
import { type CredentialsShape, issueSession } from './issue-session.js';
import { policyArnsOf, sessionTagsOf, type TagShape, tagRequestKeys } from './session-inputs.js';
import {
  ROOT_SESSION_MAX_SECONDS,
  requireLongTermCredentials,
  SESSION_TOKEN_DEFAULT_SECONDS,
} from './session-token.js';

type Input = {
  readonly Name: string;
  readonly Policy?: string;
  readonly PolicyArns?: readonly { readonly arn?: string }[];
  readonly DurationSeconds?: number;
  readonly Tags?: readonly TagShape[];
};

/**
 * GetFederationToken: a federated user whose permissions are the calling user's policies
 * intersected with the session policies passed here (none passed: no permissions, as in AWS).
 */
export const getFederationToken = stsOperation<
  Input,
  {
    Credentials: CredentialsShape;
    FederatedUser: { FederatedUserId: string; Arn: string };
    PackedPolicySize?: number;
  }
>({
  name: 'GetFederationToken',
  readOnly: true,
  resource: (input, scope) => stsArn(scope.accountId, `federated-user/${input.Name}`, scope.partition),
  requestKeys: (input) => tagRequestKeys(sessionTagsOf(input.Tags)),
  handler: (input, ctx) => {
    requireLongTermCredentials(ctx, 'GetFederationToken');
    const root = ctx.caller.principal.type === 'root';
    let duration = input.DurationSeconds ?? SESSION_TOKEN_DEFAULT_SECONDS;
    if (root) duration = Math.min(duration, ROOT_SESSION_MAX_SECONDS);
    const issued = issueSession(ctx, {
      kind: 'federatedUser',
      accountId: ctx.accountId,
      durationSeconds: duration,
      sessionName: input.Name,
      userName: root ? undefined : ctx.caller.userName,
      userId: root ? undefined : ctx.caller.principalId,
      policy: input.Policy,
      policyArns: policyArnsOf(input.PolicyArns),
      tags: sessionTagsOf(input.Tags),
    });
    return {
      Credentials: issued.credentials,
      FederatedUser: issued.federatedUser!,
      ...(issued.packedPolicySize !== undefined && { PackedPolicySize: issued.packedPolicySize }),
    };
  },
});
