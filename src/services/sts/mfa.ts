/**
 * MFA codes for STS (SerialNumber + TokenCode). The MFA module (auth/mfa-codes.ts, `MfaCodes`)
 * satisfies this interface; the server hands one to the STS authorization extras.
 */
import { AwsError } from '../../core/aws-error.js';

export type MfaResult = 'valid' | 'invalid' | 'replayed' | 'no-device';

export interface MfaVerifier {
  verifySerial(
    accountId: string,
    serialNumber: string,
    code: string,
    now: Date,
  ): Promise<{ result: MfaResult }>;
}

/** AWS's answer to a wrong, reused or unknown MFA code on AssumeRole and GetSessionToken. */
export const mfaFailed = (): AwsError =>
  new AwsError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. ');

/**
 * Verifies SerialNumber/TokenCode when given: the time they verified, undefined when absent.
 * Without a verifier (no MFA module wired) any code fails, never passes.
 */
export async function verifyRequestMfa(
  verifier: MfaVerifier | undefined,
  accountId: string,
  serialNumber: string | undefined,
  tokenCode: string | undefined,
  now: Date,
): Promise<Date | undefined> {
  if (serialNumber === undefined && tokenCode === undefined) return undefined;
  if (serialNumber === undefined || tokenCode === undefined) {
    throw new AwsError(
      'ValidationError',
      serialNumber === undefined
        ? 'TokenCode was provided without SerialNumber'
        : 'SerialNumber was provided without TokenCode',
    );
  }
  if (verifier === undefined) throw mfaFailed();
  const { result } = await verifier.verifySerial(accountId, serialNumber, tokenCode, now);
  if (result !== 'valid') throw mfaFailed();
  return now;
}
