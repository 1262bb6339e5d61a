import { AwsError } from '../../core/aws-error.js';
import { decodeAuthorizationFailure } from '../authorization-message.js';
import { ANY_RESOURCE } from '../iam/define.js';
import { stsOperation } from './define.js';

/**
 * DecodeAuthorizationMessage: the explanation an AccessDenied carried, for a caller of the same
 * account allowed sts:DecodeAuthorizationMessage. A blob from another account, another server or
 * altered in any way is InvalidAuthorizationMessageException (which of these is not said).
 */
export const decodeAuthorizationMessage = stsOperation<
  { EncodedMessage: string },
  { DecodedMessage: string }
>({
  name: 'DecodeAuthorizationMessage',
  readOnly: true,
  resource: ANY_RESOURCE,
  handler: (input, ctx) => {
    const codec = ctx.authorizationMessages;
    const opened = codec && decodeAuthorizationFailure(codec, input.EncodedMessage);
    if (opened === undefined || opened.account !== ctx.caller.accountId) {
      throw new AwsError(
        'InvalidAuthorizationMessageException',
        'The encoded authorization message is invalid.',
      );
    }
    return { DecodedMessage: opened.decoded };
  },
});
