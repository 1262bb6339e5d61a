import { iamArn, parseArn } from '../core/arn.js';
import type { AccountId } from './ids.js';

/** Who a virtual MFA device is enabled for: an IAM user (by name) or the account root user. */
export type MfaAssignment = { readonly kind: 'user'; readonly userName: string } | { readonly kind: 'root' };

/**
 * A virtual MFA device (TOTP, RFC 6238). Its serial number is its ARN. The seed is held only as
 * ciphertext sealed by auth/ and bound to the serial number: the store never sees a plaintext seed.
 */
export interface MfaDevice {
  readonly accountId: AccountId;
  /** Internal (tags are keyed by it); AWS shows none. */
  readonly id: string;
  readonly serialNumber: string;
  readonly path: string;
  readonly name: string;
  readonly createDate: Date;
  readonly seedCiphertext: Buffer;
  /** Set while the device is enabled (assigned). */
  readonly enableDate?: Date;
  readonly assignedTo?: MfaAssignment;
  /**
   * The last TOTP time step (floor(unix seconds / 30)) accepted from this device: a code of that
   * step or an earlier one is refused as a replay.
   */
  readonly lastAcceptedStep?: number;
}

/** `arn:aws:iam::<account>:mfa/<path><name>`, the serial number AWS gives a virtual device. */
export const mfaSerialNumber = (account: string, path: string, name: string, partition?: string): string =>
  iamArn(account, `mfa${path}${name}`, partition);

export interface MfaSerialParts {
  readonly partition: string;
  readonly account: string;
  readonly path: string;
  readonly name: string;
}

/** Splits a virtual device's serial number; undefined for anything else (a hardware serial...). */
export function parseMfaSerialNumber(text: string): MfaSerialParts | undefined {
  const arn = parseArn(text);
  if (arn?.service !== 'iam' || arn.region !== '' || !arn.resource.startsWith('mfa/')) return undefined;
  const rest = arn.resource.slice('mfa'.length);
  const cut = rest.lastIndexOf('/');
  const name = rest.slice(cut + 1);
  if (name === '') return undefined;
  return { partition: arn.partition, account: arn.account, path: rest.slice(0, cut + 1), name };
}
