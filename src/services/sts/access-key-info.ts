import { AwsError } from '../../core/aws-error.js';
import type { AccessKeyId } from '../../domain/ids.js';
import { ANY_RESOURCE } from '../iam/define.js';
import { stsOperation } from './define.js';

/**
 * GetAccessKeyInfo: the account of a key id. Long-term (AKIA) keys are looked up; temporary (ASIA)
 * ones carry their account in the id. A key id that is neither is refused.
 */
export const getAccessKeyInfo = stsOperation<{ AccessKeyId: string }, { Account: string }>({
  name: 'GetAccessKeyInfo',
  readOnly: true,
  resource: ANY_RESOURCE,
  handler: async (input, ctx) => {
    const id = input.AccessKeyId;
    let account: string | undefined;
    if (id.startsWith('ASIA')) account = ctx.sessionTokens?.accountOf(id);
    else account = (await ctx.tx.accessKeys.find(id as AccessKeyId))?.accountId;
    if (account === undefined) {
      throw new AwsError('InvalidParameterValue', `The access key ID '${id}' is not valid.`);
    }
    return { Account: account };
  },
});
