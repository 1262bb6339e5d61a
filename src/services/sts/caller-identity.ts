import { ANY_RESOURCE } from '../iam/define.js';
import { stsOperation } from './define.js';

/** Who am I: always allowed (an explicit Deny cannot stop it), as in AWS. */
export const getCallerIdentity = stsOperation<
  Record<string, never>,
  { UserId: string; Account: string; Arn: string }
>({
  name: 'GetCallerIdentity',
  readOnly: true,
  resource: ANY_RESOURCE,
  handler: (_input, ctx) => ({
    UserId: ctx.caller.principalId,
    Account: ctx.caller.accountId,
    Arn: ctx.caller.principal.arn,
  }),
});
