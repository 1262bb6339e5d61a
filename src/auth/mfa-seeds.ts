/**
 * How a virtual MFA device's seed is kept: sealed in the SecretBox with the device's serial number
 * as additional authenticated data, so a seed copied onto another device's row does not open.
 */
import type { SecretSealer } from '../services/operation-context.js';
import type { SecretBox } from './secret-box.js';

/** AAD binding a sealed TOTP seed to its device. */
export const mfaSeedAad = (serialNumber: string): string => `mfa-seed:${serialNumber}`;

export const sealMfaSeed = (box: SecretBox, serialNumber: string, base32Seed: string): Buffer =>
  box.seal(base32Seed, mfaSeedAad(serialNumber));

export const openMfaSeed = (box: SecretBox, serialNumber: string, sealed: Uint8Array): string =>
  box.open(sealed, mfaSeedAad(serialNumber));

/** The MFA half of the SecretSealer capability handed to IAM handlers. */
export const mfaSeedSealer = (box: SecretBox): Pick<SecretSealer, 'sealMfaSeed' | 'openMfaSeed'> => ({
  sealMfaSeed: (serialNumber, base32Seed) => sealMfaSeed(box, serialNumber, base32Seed),
  openMfaSeed: (serialNumber, sealed) => openMfaSeed(box, serialNumber, sealed),
});
