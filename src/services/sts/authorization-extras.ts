/**
 * What STS operations add to their authorization (see AuthorizationExtras in authorize.ts):
 * - sts:AssumeRole: the root user is refused; SerialNumber/TokenCode are verified; the role's
 *   trust policy is the resource gate, in the role's account (cross-account when it differs);
 *   aws:MultiFactorAuthPresent / aws:MultiFactorAuthAge come from this request's MFA.
 * - sts:GetSessionToken: SerialNumber/TokenCode are verified (the credentials then carry MFA).
 */
import { AwsError } from '../../core/aws-error.js';
import type { OperationInput } from '../../protocol/operation-registry.js';
import type { Store } from '../../store/store.js';
import type { AuthorizationExtrasProvider } from '../authorize.js';
import { type AssumeRoleInput, roleArnParts } from './assume-role.js';
import { type MfaVerifier, verifyRequestMfa } from './mfa.js';

export interface StsExtrasDeps {
  readonly store: Store;
  /** The MFA module's verifier; absent: every SerialNumber/TokenCode fails. */
  readonly mfa?: MfaVerifier | undefined;
}

type MfaInput = { readonly SerialNumber?: string; readonly TokenCode?: string };

export function stsAuthorizationExtras(
  deps: StsExtrasDeps,
): ReadonlyMap<string, AuthorizationExtrasProvider> {
  const assumeRole: AuthorizationExtrasProvider = async (raw: OperationInput, req) => {
    const input = raw as AssumeRoleInput;
    if (req.caller.principal.type === 'root') {
      throw new AwsError('AccessDenied', 'Roles may not be assumed by root accounts.');
    }
    const { accountId, name } = roleArnParts(input.RoleArn);
    const mfaAt = await verifyRequestMfa(
      deps.mfa,
      req.caller.accountId,
      input.SerialNumber,
      input.TokenCode,
      req.now,
    );
    const role = await deps.store.read((r) => r.roles.get(accountId, name));
    const keys: Record<string, string> = {};
    if (mfaAt !== undefined) {
      keys['aws:MultiFactorAuthPresent'] = 'true';
      keys['aws:MultiFactorAuthAge'] = '0';
    }
    return {
      resourceAccount: accountId,
      resourcePolicy:
        role === undefined ? null : { id: `${role.arn}/trust`, document: role.assumeRolePolicyDocument },
      keys,
      mfaVerifiedAt: mfaAt,
    };
  };
  const getSessionToken: AuthorizationExtrasProvider = async (raw, req) => {
    const input = raw as MfaInput;
    const mfaAt = await verifyRequestMfa(
      deps.mfa,
      req.caller.accountId,
      input.SerialNumber,
      input.TokenCode,
      req.now,
    );
    return { mfaVerifiedAt: mfaAt };
  };
  return new Map([
    ['sts:AssumeRole', assumeRole],
    ['sts:GetSessionToken', getSessionToken],
  ]);
}
