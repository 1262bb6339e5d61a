/**
 * What AWS refuses to temporary credentials whatever their policies say (IAM User Guide,
 * "Comparing AWS STS credentials"):
 * - GetSessionToken credentials call IAM only with MFA, and of STS only AssumeRole and
 *   GetCallerIdentity;
 * - GetFederationToken credentials call no IAM operation, and of STS only GetCallerIdentity.
 * The answer is AccessDenied with the message returned here.
 */
import type { Caller } from './operation-context.js';

export function sessionRestriction(caller: Caller, action: string): string | undefined {
  const kind = caller.session?.kind;
  if (kind === undefined || kind === 'assumedRole') return undefined;
  const service = action.slice(0, action.indexOf(':')).toLowerCase();
  const name = action.slice(action.indexOf(':') + 1);
  if (kind === 'sessionUser') {
    if (service === 'iam' && caller.session?.mfaAuthenticatedAt === undefined) {
      return `Cannot call ${name} with session credentials unless MFA authentication information is included`;
    }
    if (service === 'sts' && name !== 'AssumeRole' && name !== 'GetCallerIdentity') {
      return `Cannot call ${name} with session credentials`;
    }
    return undefined;
  }
  if (service === 'iam' || (service === 'sts' && name !== 'GetCallerIdentity')) {
    return `Cannot call ${name} with federated user credentials`;
  }
  return undefined;
}
